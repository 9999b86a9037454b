/**
 * A real OpenID provider (oidc-provider) on loopback for the OIDC browser tests, and signing in through its pages
 * in Chromium. Its people are a mutable map the test changes between sign-ins (a new e-mail at the provider);
 * the login page takes any password. One client per Traydrop server, its redirect URI on that server's port.
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import type { Browser, BrowserContext } from 'playwright-core';
import type { OidcConfig } from '../../server/config.ts';
import type { TestServer } from './server.ts';

export const OIDC_CLIENT_SECRET = 'a-client-secret-long-enough-for-hs256-0123456789';

export interface OidcPerson {
  email: string;
  email_verified: boolean;
  groups: string[];
}

export interface OidcIdp {
  issuer: string;
  close(): Promise<void>;
}

/** Starts the provider on `port` with a client for each { id, port } of a Traydrop server. */
export async function startOidcIdp(
  port: number,
  people: Record<string, OidcPerson>,
  clients: { id: string; port: number }[],
): Promise<OidcIdp> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.id,
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uris: [`http://127.0.0.1:${c.port}/dashboard/oidc/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['groups'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...people[id] }) }),
    features: { devInteractions: { enabled: true } },
  });
  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The server's OIDC settings for this provider: example.com addresses, the `traydrop` group. */
export const oidcConfig = (issuer: string, clientId: string, createUsers: boolean): OidcConfig => ({
  issuer,
  clientId,
  clientSecret: OIDC_CLIENT_SECRET,
  emailDomains: ['example.com'],
  requiredGroup: 'traydrop',
  groupsClaim: 'groups',
  createUsers,
});

export interface OidcSignIn {
  url: string;
  title: string;
  heading: string;
  text: string;
}

/**
 * Signs in at `server` as `login` through the provider's pages in a fresh context of `browser`; returns where it
 * ended. The context is closed, unless `keep` is given: then it is handed over there (its session cookie in it).
 */
export async function oidcSignIn(
  browser: Browser,
  issuer: string,
  server: TestServer,
  login: string,
  keep?: (context: BrowserContext) => void,
): Promise<OidcSignIn> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/dashboard/sign-in`);
  await page.getByRole('link', { name: 'Sign in with your organisation' }).click();
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any');
  await page.locator('button[type=submit]').click();
  await page.waitForLoadState();
  if (page.url().startsWith(issuer)) await page.locator('button[type=submit]').click(); // consent
  await page.waitForURL((url) => url.href.startsWith(server.url));
  await page.waitForLoadState();
  const result = { url: page.url(), title: await page.title(), heading: await page.locator('h1').innerText() };
  const text = await page.locator('body').innerText();
  if (keep) keep(context);
  else await context.close();
  return { ...result, text };
}
