/**
 * Pairing with a server and the settings that live there (expiry rules, custom domain). The token is checked
 * with the server (GET /v1/me) before anything is stored; then it is kept encrypted (token-vault.ts) and the
 * pairing is shared with the CLI.
 */
import type { FileStatsResponse, SettingsResponse } from '../../../common/broker-api.ts';
import type { DomainStatus, PairResult, Settings } from '../../../common/ipc-contract.ts';
import { BrokerClient } from '../../credentials/broker-client.ts';
import { BrokerError } from '../../credentials/broker-error.ts';
import { NotPairedError, type QueueService } from './queue-service.ts';
import { serverApi, type ServerApi } from './server-api.ts';
import type { Pairing } from '../../queue/pairing.ts';
import type { SettingsStore } from '../settings-store.ts';

export interface AccountDeps {
  settings: SettingsStore;
  queue: QueueService;
  /** Tests inject a fake server. */
  api?: (pairing: Pairing) => ServerApi;
  me?: (serverUrl: string, token: string) => Promise<{ userId: string; shareBaseUrl: string }>;
}

export function domainStatusOf(response: SettingsResponse): DomainStatus {
  const status = response.domainStatus;
  if (!response.customDomain || !status) return { state: 'none' };
  if (status.verified) return { state: 'verified' };
  return {
    state: 'pending',
    instructions:
      `Point ${status.domain} at your Traydrop server (CNAME or A record), then press Verify: the server fetches ` +
      `${status.httpCheckUrl}. Or add a DNS TXT record ${status.txtName} = ${status.txtValue}.`,
  };
}

const messageOf = (error: unknown): string =>
  error instanceof BrokerError && error.status === 401
    ? 'the server rejected the device token: pair again with a new one'
    : (error as Error).message;

export class Account {
  readonly #deps: AccountDeps;

  constructor(deps: AccountDeps) {
    this.#deps = deps;
  }

  async #api(): Promise<ServerApi> {
    const pairing = await this.#deps.settings.pairing();
    if (!pairing) throw new NotPairedError();
    return (this.#deps.api ?? ((p) => serverApi(p.serverUrl, p.token)))(pairing);
  }

  async pair(serverUrl: string, token: string): Promise<PairResult> {
    const url = serverUrl.trim().replace(/\/+$/, '');
    let me: { userId: string; shareBaseUrl: string };
    try {
      me = await (this.#deps.me ?? ((s, t) => new BrokerClient({ serverUrl: s, token: t }).me()))(url, token);
    } catch (error) {
      return { ok: false, userId: null, shareBaseUrl: null, error: messageOf(error) };
    }
    const pairing: Pairing = { serverUrl: url, userId: me.userId, shareBaseUrl: me.shareBaseUrl, token };
    try {
      await this.#deps.settings.setPairing(pairing);
    } catch (error) {
      return { ok: false, userId: null, shareBaseUrl: null, error: (error as Error).message };
    }
    await this.#deps.queue.setPairing(pairing);
    await this.pullSettings().catch(() => undefined);
    return { ok: true, userId: me.userId, shareBaseUrl: me.shareBaseUrl, error: null };
  }

  /** A one-time sign-in link to the web dashboard (valid 60 s), made with the device token: "Open dashboard…". */
  async dashboardLink(): Promise<string> {
    const pairing = await this.#deps.settings.pairing();
    if (!pairing) throw new NotPairedError();
    return (await new BrokerClient({ serverUrl: pairing.serverUrl, token: pairing.token }).dashboardSignInLink()).url;
  }

  async unpair(): Promise<void> {
    await this.#deps.queue.setPairing(undefined);
    await this.#deps.settings.clearPairing();
  }

  /** The server's expiry rules and custom domain win over the local copy (they are shared by the user's devices). */
  async pullSettings(): Promise<void> {
    const response = await (await this.#api()).getSettings();
    await this.#deps.settings.adoptServer({ expiryRules: response.expiryRules, customDomain: response.customDomain });
  }

  /** After a local save: sends what changed to the server; returns field → problem for what it refused. */
  async pushSettings(previous: Settings, next: Settings): Promise<Record<string, string>> {
    const changed: { expiryRules?: Settings['expiryRules']; customDomain?: string | null } = {};
    if (JSON.stringify(previous.expiryRules) !== JSON.stringify(next.expiryRules))
      changed.expiryRules = next.expiryRules;
    if (previous.customDomain !== next.customDomain) changed.customDomain = next.customDomain;
    if (Object.keys(changed).length === 0 || !(await this.#deps.settings.pairing())) return {};
    let problem: string;
    try {
      // the server's answer is the canonical copy, shared by the user's devices: keep exactly that
      // PUT /v1/settings takes the whole set (the server refuses half of it): both fields, as saved here
      const response = await (
        await this.#api()
      ).putSettings({
        expiryRules: next.expiryRules,
        customDomain: next.customDomain,
      });
      await this.#deps.settings.adoptServer({ expiryRules: response.expiryRules, customDomain: response.customDomain });
      return {};
    } catch (error) {
      const refused = error instanceof BrokerError && error.status >= 400 && error.status < 500 && error.status !== 401;
      if (refused) {
        // the server said no (a domain another user has, say): this computer goes back to what the server keeps,
        // instead of differing from it until the next start silently undoes the change
        const reverted = await this.pullSettings().then(
          () => true,
          () => false,
        );
        problem = `the server refused it: ${messageOf(error)}${reverted ? "; the server's value is kept" : ''}`;
      } else {
        problem =
          `saved on this computer only: ${messageOf(error)}. Save it again once the server is reachable ` +
          "(the next start takes the server's value)";
      }
    }
    return Object.fromEntries(Object.keys(changed).map((key) => [key, problem]));
  }

  async domainStatus(): Promise<DomainStatus> {
    try {
      return domainStatusOf(await (await this.#api()).getSettings());
    } catch (error) {
      return { state: 'error', message: messageOf(error) };
    }
  }

  async verifyDomain(): Promise<DomainStatus> {
    try {
      const response = await (await this.#api()).verifyDomain();
      const status = domainStatusOf(response.settings);
      if (response.verified || status.state !== 'pending') return status;
      return { ...status, instructions: `Not verified yet. ${status.instructions}` };
    } catch (error) {
      return { state: 'error', message: messageOf(error) };
    }
  }

  /** A link's statistics (the editor says how often a link it is about to update was opened). */
  async fileStats(shareId: string): Promise<FileStatsResponse> {
    return (await this.#api()).fileStats(shareId);
  }

  async deleteRemote(shareId: string): Promise<void> {
    await (await this.#api()).deleteFile(shareId);
  }

  api(): Promise<ServerApi> {
    return this.#api();
  }
}
