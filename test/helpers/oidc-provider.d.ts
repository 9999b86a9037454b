/**
 * The little of oidc-provider's API the OIDC test uses (the package ships no types, and @types/oidc-provider is
 * not installed): a provider built from an issuer and a configuration, whose callback is a Node request handler.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Account {
    accountId: string;
    claims(): Record<string, unknown>;
  }

  export default class Provider {
    constructor(
      issuer: string,
      configuration: {
        clients: Record<string, unknown>[];
        claims?: Record<string, string[]>;
        conformIdTokenClaims?: boolean;
        findAccount?: (ctx: unknown, id: string) => Account | Promise<Account>;
        features?: Record<string, unknown>;
      },
    );
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
