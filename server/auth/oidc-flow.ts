/**
 * OpenID Connect sign-in with openid-client: the authorization code flow with PKCE (S256), a state and a nonce.
 * The three secrets travel in a short-lived cookie (10 minutes, HttpOnly, SameSite=Lax so the provider's redirect
 * back carries it) signed with an HMAC of the server's secret, so any instance can finish a flow another began and
 * nothing is stored. openid-client checks the state, the nonce, the PKCE verifier, the ID token's signature,
 * issuer, audience and times. The provider's metadata is discovered once per server and kept.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type * as OpenId from 'openid-client';
import type { OidcConfig } from '../config.ts';

/** openid-client and its JOSE code are loaded by the first sign-in, not at start: most servers never use them. */
let openIdLoading: Promise<typeof OpenId> | undefined;
const openId = (): Promise<typeof OpenId> => (openIdLoading ??= import('openid-client'));

const COOKIE_TTL_MS = 10 * 60_000;

export interface OidcStart {
  url: URL;
  /** The cookie's value (signed; holds state, nonce and the PKCE verifier). */
  cookie: string;
}

export interface OidcClaims {
  /** The ID token's `iss` and `sub`: together they name the person for good (the e-mail may change hands). */
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  groups: string[];
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  expires: number;
}

export class OidcFlow {
  readonly #config: OidcConfig;
  readonly #redirectUri: string;
  readonly #key: Buffer;
  #discovered: Promise<OpenId.Configuration> | undefined;

  constructor(config: OidcConfig, shareBaseUrl: string, serverSecret: Buffer) {
    this.#config = config;
    this.#redirectUri = `${shareBaseUrl}/dashboard/oidc/callback`;
    this.#key = createHmac('sha256', serverSecret).update('traydrop oidc cookie').digest();
  }

  #discover(): Promise<OpenId.Configuration> {
    const { issuer, clientId, clientSecret } = this.#config;
    // plain http only for a provider on this machine (a test's or a developer's)
    const local = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(issuer);
    this.#discovered ??= openId()
      .then((client) =>
        client.discovery(
          new URL(issuer),
          clientId,
          clientSecret,
          undefined,
          local ? { execute: [client.allowInsecureRequests] } : {},
        ),
      )
      .catch((error: unknown) => {
        this.#discovered = undefined; // try again next time
        throw error;
      });
    return this.#discovered;
  }

  #sign(payload: string): string {
    return `${payload}.${createHmac('sha256', this.#key).update(payload).digest('base64url')}`;
  }

  #open(cookie: string | undefined, now: number): Pending | null {
    if (!cookie) return null;
    const dot = cookie.lastIndexOf('.');
    const payload = cookie.slice(0, dot);
    const want = Buffer.from(this.#sign(payload).slice(dot + 1));
    const got = Buffer.from(cookie.slice(dot + 1));
    if (dot < 1 || got.length !== want.length || !timingSafeEqual(got, want)) return null;
    const pending = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Pending;
    return pending.expires > now ? pending : null;
  }

  async start(now: number): Promise<OidcStart> {
    const config = await this.#discover();
    const client = await openId();
    const pending: Pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      expires: now + COOKIE_TTL_MS,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.#redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, cookie: this.#sign(Buffer.from(JSON.stringify(pending)).toString('base64url')) };
  }

  /** The ID token's claims once the provider's answer (`callbackUrl`) checks out; throws otherwise. */
  async finish(callbackUrl: URL, cookie: string | undefined, now: number): Promise<OidcClaims> {
    const pending = this.#open(cookie, now);
    if (!pending) throw new Error('the sign-in took too long or did not start here; start again');
    const config = await this.#discover();
    const tokens = await (
      await openId()
    ).authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    const groups = claims[this.#config.groupsClaim];
    return {
      issuer: claims.iss,
      subject: claims.sub,
      ...(typeof claims.email === 'string' ? { email: claims.email.toLowerCase() } : {}),
      emailVerified: claims.email_verified === true,
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    };
  }
}
