/**
 * Dashboard test helpers: a test server whose SHARE_BASE_URL is its own http://127.0.0.1:<port> (the dashboard
 * lives on the main share host only), sign-in through a real one-time link, and the page's CSRF token.
 */
import { createServer } from 'node:net';
import type { SignInLinkResponse } from '../../common/dashboard-api.ts';
import { DASHBOARD_API } from '../../common/dashboard-api.ts';
import { startTestServer, type TestServer, type TestServerOptions } from './server.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startDashboardServer(options: TestServerOptions = {}): Promise<TestServer> {
  const port = await freePort();
  return startTestServer({
    ...options,
    config: { port, shareBaseUrl: `http://127.0.0.1:${port}`, ...options.config },
  });
}

export async function signInLink(server: TestServer, token: string): Promise<string> {
  const res = await server.call<SignInLinkResponse>('POST', DASHBOARD_API.signInLink, token, {});
  if (res.status !== 200) throw new Error(`sign-in link: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.url;
}

export interface WebSignIn {
  /** `traydrop_session=<secret>`: the Cookie header to send. */
  cookie: string;
  /** The raw Set-Cookie of the sign-in. */
  setCookie: string;
  /** The CSRF token the Files page carries. */
  csrf: string;
}

/** Signs in as the token's user the way a browser does (POST the link), and reads the Files page's CSRF token. */
export async function webSignIn(server: TestServer, token: string): Promise<WebSignIn> {
  const url = await signInLink(server, token);
  const res = await fetch(url, { method: 'POST', redirect: 'manual' });
  if (res.status !== 303) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie')!;
  const cookie = setCookie.split(';')[0]!;
  const page = await (await fetch(`${server.url}/dashboard`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on the Files page');
  return { cookie, setCookie, csrf };
}
