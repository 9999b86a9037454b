/** The editor's capture scheme: registered as privileged before ready, and answering only the editor's URL. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EDITOR_CAPTURE_SCHEME, EDITOR_CAPTURE_URL } from '../../common/ipc-contract.ts';
import { registerCaptureScheme, serveCapture } from '../../main/app/windows/capture-protocol.ts';
import { fakeElectron } from './fake-electron.ts';

test('the capture scheme: privileged for fetch, only the editor URL answered, removed on close', async () => {
  const fake = fakeElectron();
  registerCaptureScheme(fake.electron.protocol);
  assert.deepEqual(fake.privilegedSchemes, [
    { scheme: EDITOR_CAPTURE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  let asked = 0;
  const stop = serveCapture(fake.electron.protocol, async () => {
    asked++;
    return new Response('png bytes', { headers: { 'content-type': 'image/png' } });
  });
  const handler = fake.protocols.get(EDITOR_CAPTURE_SCHEME)!;
  const answer = await handler(new Request(EDITOR_CAPTURE_URL));
  assert.equal(answer.status, 200);
  assert.equal(await answer.text(), 'png bytes');
  for (const other of [
    `${EDITOR_CAPTURE_SCHEME}://editor/other`,
    `${EDITOR_CAPTURE_SCHEME}://history/capture`,
    `${EDITOR_CAPTURE_SCHEME}://editor/capture/../../etc/passwd`,
  ])
    assert.equal((await handler(new Request(other))).status, 404, other);
  assert.equal((await handler(new Request(EDITOR_CAPTURE_URL, { method: 'POST', body: 'x' }))).status, 404);
  assert.equal(asked, 1, 'only the editor URL reached the capture');
  stop();
  assert.equal(fake.protocols.has(EDITOR_CAPTURE_SCHEME), false);
});
