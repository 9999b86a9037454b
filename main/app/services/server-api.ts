/**
 * The app API of the server (common/broker-api.ts FILES_API) for the history and settings windows: a small
 * fetch client in the style of BrokerClient, whose failures are BrokerErrors with the server's own words.
 * Plain Node (global fetch); the glue passes it the paired server and token.
 */
import {
  apiPath,
  FILES_API,
  type DomainVerifyResponse,
  type FileListResponse,
  type FileStatsResponse,
  type SettingsResponse,
  type UserSettings,
} from '../../../common/broker-api.ts';
import { BrokerError } from '../../credentials/broker-error.ts';

export interface ServerApi {
  listFiles(limit: number, cursor?: string | null): Promise<FileListResponse>;
  deleteFile(shareId: string): Promise<void>;
  fileStats(shareId: string): Promise<FileStatsResponse>;
  getSettings(): Promise<SettingsResponse>;
  putSettings(settings: Partial<UserSettings>): Promise<SettingsResponse>;
  verifyDomain(): Promise<DomainVerifyResponse>;
}

export function serverApi(serverUrl: string, token: string, timeoutMs = 30_000): ServerApi {
  const base = serverUrl.replace(/\/+$/, '');
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(base + route, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new BrokerError(0, 'network', `cannot reach the Traydrop server at ${base}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      let message = `the Traydrop server answered ${response.status}`;
      let code = `http_${response.status}`;
      try {
        const parsed = JSON.parse(text) as { error?: string; message?: string };
        if (parsed.message) message = parsed.message;
        if (parsed.error) code = parsed.error;
      } catch {
        // not JSON
      }
      throw new BrokerError(response.status, code, message);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    listFiles: (limit, cursor) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      return call('GET', `${FILES_API.files}?${query}`);
    },
    deleteFile: async (shareId) => {
      await call('DELETE', apiPath(FILES_API.file, shareId));
    },
    fileStats: (shareId) => call('GET', apiPath(FILES_API.stats, shareId)),
    getSettings: () => call('GET', FILES_API.settings),
    putSettings: (settings) => call('PUT', FILES_API.settings, settings),
    verifyDomain: () => call('POST', FILES_API.verifyDomain, {}),
  };
}
