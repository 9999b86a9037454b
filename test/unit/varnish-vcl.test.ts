/**
 * docs/deploy/varnish.vcl decides which requests may be looked up in the cache; where it repeats a rule of the gateway
 * it must say the same: the unfurlers that get the page at a link's own URL (server/share/link-preview.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { UNFURLERS } from '../../server/share/link-preview.ts';

const vcl = readFileSync(new URL('../../docs/deploy/varnish.vcl', import.meta.url), 'utf8');

test('the VCL names the same unfurlers as link-preview.ts, case-insensitively', () => {
  const m = /req\.http\.User-Agent ~ "\(\?i\)([^"]+)"/.exec(vcl);
  assert.ok(m, 'the unfurler match in traydrop_is_unfurler');
  assert.equal(m[1], UNFURLERS.source);
  assert.ok(UNFURLERS.flags.includes('i'));
});

test('the VCL stores only what the gateway calls public, and bans by the share id it tags objects with', () => {
  assert.match(vcl, /set beresp\.uncacheable = true;/);
  assert.match(vcl, /public/);
  assert.match(vcl, /ban\("obj\.http\.X-Traydrop-Share == " \+ req\.http\.X-Traydrop-Share\)/);
  assert.match(vcl, /set beresp\.http\.X-Traydrop-Share = regsub\(bereq\.url/);
  assert.match(vcl, /client\.ip ~ purgers/);
});
