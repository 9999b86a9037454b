/**
 * electron-updater's HTTP, through the Electron the app was given. Its own ElectronHttpExecutor reaches for
 * `require('electron').net` itself, which the glue's injection (and its tests' fake) cannot hand it; this is the
 * same executor with that one call replaced. Same separate session as electron-updater's ('electron-updater',
 * no cache): the default session cancels every http(s) request (windows/secure-window.ts locks it down for the
 * pages).
 */
import type { ClientRequest, Session } from 'electron';
import { ElectronHttpExecutor, NET_SESSION_NAME } from 'electron-updater/out/electronHttpExecutor.js';
import type { ElectronLike } from '../electron-like.ts';

export class InjectedNetExecutor extends ElectronHttpExecutor {
  readonly #electron: Pick<ElectronLike, 'net' | 'session'>;
  #session: Session | undefined;

  constructor(electron: Pick<ElectronLike, 'net' | 'session'>) {
    super();
    this.#electron = electron;
  }

  // the options are Node's RequestOptions as builder-util-runtime builds them (typed `any` upstream)
  override createRequest(options: Record<string, unknown>, callback: (response: unknown) => void): ClientRequest {
    const headers = options.headers as Record<string, string> | undefined;
    // as upstream: a Host header (private S3 buckets) becomes the host, Chromium refuses it as a header
    if (headers?.Host) {
      options.host = headers.Host;
      delete headers.Host;
    }
    this.#session ??= this.#electron.session.fromPartition(NET_SESSION_NAME, { cache: false });
    const request = this.#electron.net.request({ ...options, session: this.#session });
    request.on('response', callback);
    return request;
  }
}
