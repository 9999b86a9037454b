/**
 * The passkey pages' script, served from /dashboard/passkeys.js under `script-src 'self'` after
 * @simplewebauthn/browser's own bundle (/dashboard/webauthn.js, the package's UMD file as published: it defines
 * the global SimpleWebAuthnBrowser). WebAuthn is a script-only browser API, so these two pages need script; the
 * rest of the dashboard has none. Plain browser JavaScript kept as text, like copy-script.ts: it only moves JSON
 * between the browser's WebAuthn calls and the server, which checks everything.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export const PASSKEY_SCRIPT = `'use strict';
const { startRegistration, startAuthentication, browserSupportsWebAuthn } = SimpleWebAuthnBrowser;
const csrf = document.querySelector('input[name="_csrf"]')?.value;
const status = document.getElementById('passkey-status');
async function post(url, body) {
  const headers = { 'content-type': 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.message || 'the server answered ' + res.status);
  return json;
}
function say(text) { if (status) status.textContent = text; }
const add = document.getElementById('add-passkey');
if (add && browserSupportsWebAuthn()) {
  add.hidden = false;
  add.addEventListener('submit', async (event) => {
    event.preventDefault();
    say('Follow your browser’s prompt…');
    try {
      const optionsJSON = await post('/dashboard/passkeys/options', {});
      const response = await startRegistration({ optionsJSON });
      await post('/dashboard/passkeys', { name: add.elements.name.value, response });
      location.assign('/dashboard/passkeys?added=1');
    } catch (error) { say('The passkey was not added: ' + error.message); }
  });
}
const signIn = document.getElementById('passkey-sign-in');
if (signIn && browserSupportsWebAuthn()) {
  signIn.hidden = false;
  signIn.addEventListener('click', async () => {
    say('Follow your browser’s prompt…');
    try {
      const optionsJSON = await post('/dashboard/passkey-sign-in/options', {});
      const response = await startAuthentication({ optionsJSON });
      const answer = await post('/dashboard/passkey-sign-in', { response });
      location.assign(answer.location);
    } catch (error) { say('Not signed in: ' + error.message); }
  });
}
`;

let bundle: Promise<string> | undefined;

/** @simplewebauthn/browser's published UMD bundle, read once on first use. */
export function webauthnBundle(): Promise<string> {
  if (!bundle) {
    const require = createRequire(import.meta.url);
    const root = path.dirname(path.dirname(require.resolve('@simplewebauthn/browser')));
    bundle = readFile(path.join(root, 'dist/bundle/index.umd.min.js'), 'utf8');
  }
  return bundle;
}
