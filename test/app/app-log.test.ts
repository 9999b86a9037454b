/**
 * The app's log (main/app/logging/app-log.ts) as it runs: the real electron-log writing a real file into the
 * folder the fake Electron's app.getPath('logs') names. One line per message; rotation past the size keeps a
 * few old files; and no secret shape (device token, pairing link, headers, credentials, passwords) reaches the
 * file or stderr, while what makes a log useful (paths, links, hashes) stays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pairLink } from '../../common/pair-link.ts';
import { createAppLog, LOG_FILE, LOG_KEEP, LOG_MAX_BYTES } from '../../main/app/logging/app-log.ts';
import { fakeElectron } from './fake-electron.ts';

async function logsFolder(): Promise<{ folder: string; close(): Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-log-'));
  const fake = fakeElectron({ paths: { logs: path.join(root, 'logs') } });
  return { folder: fake.electron.app.getPath('logs'), close: () => rm(root, { recursive: true, force: true }) };
}

/** A stand-in for stderr that keeps what was written. */
const collector = () => {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string | Uint8Array) => (chunks.push(String(chunk)), true) };
};

test('writes main.log in the log folder: time, level and text on a line; echoes to stderr only when asked', async () => {
  const { folder, close } = await logsFolder();
  try {
    const echo = collector();
    const log = createAppLog({ folder, echo });
    assert.equal(log.file, path.join(folder, LOG_FILE));
    log.info('settings: hotkeys.captureRegion: taken by another app');
    log.warn('launch at login: permission denied');
    log.error('uploads stopped', { code: 'ENOSPC' });
    const lines = readFileSync(log.file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d\] \[info\] +settings: hotkeys/);
    assert.match(lines[1]!, /\[warn\] +launch at login: permission denied$/);
    assert.match(lines[2]!, /\[error\] +uploads stopped \{ code: 'ENOSPC' \}$/);
    assert.deepEqual(echo.chunks.slice(0, 2), [
      'traydrop: settings: hotkeys.captureRegion: taken by another app\n',
      'traydrop: launch at login: permission denied\n',
    ]);

    const quiet = createAppLog({ folder: path.join(folder, 'packaged') });
    quiet.info('only in the file');
    assert.match(readFileSync(quiet.file, 'utf8'), /only in the file/);
  } finally {
    await close();
  }
});

test('rotates past the size: main.log, then main.1.log … main.<keep>.log, the oldest dropped', async () => {
  const { folder, close } = await logsFolder();
  try {
    const log = createAppLog({ folder, maxBytes: 2000, keep: 2 });
    const line = (n: number) => `line ${String(n).padStart(4, '0')} ${'x'.repeat(60)}`;
    for (let n = 0; n < 100; n++) log.info(line(n));
    assert.deepEqual(readdirSync(folder).sort(), ['main.1.log', 'main.2.log', 'main.log']);
    const numbers = (file: string) =>
      [...readFileSync(path.join(folder, file), 'utf8').matchAll(/line (\d{4})/g)].map((m) => Number(m[1]));
    const [two, one, current] = [numbers('main.2.log'), numbers('main.1.log'), numbers('main.log')];
    assert.deepEqual(
      [...two, ...one, ...current],
      [...Array(two.length + one.length + current.length).keys()].map((i) => i + two[0]!),
      'the kept files hold the newest lines, in order, none lost between them',
    );
    assert.equal(current.at(-1), 99, 'the newest line is in main.log');
    assert.ok(two[0]! > 0, 'the oldest lines are gone');
    for (const file of ['main.1.log', 'main.2.log'])
      assert.ok(statSync(path.join(folder, file)).size <= 2000 + 120, `${file} is about the size limit`);
  } finally {
    await close();
  }
});

test(`the app's sizes: ${LOG_MAX_BYTES / 1024 / 1024} MB files, ${LOG_KEEP} old ones kept`, async () => {
  const { folder, close } = await logsFolder();
  try {
    const log = createAppLog({ folder });
    const kilobyte = 'k'.repeat(1000);
    log.info(kilobyte);
    const lineBytes = statSync(log.file).size;
    for (let n = 1; n < LOG_MAX_BYTES / lineBytes && statSync(log.file).size + lineBytes <= LOG_MAX_BYTES; n++)
      log.info(kilobyte);
    log.info(kilobyte);
    assert.deepEqual(readdirSync(folder), [LOG_FILE], 'not rotated up to the size');
    for (let n = 0; n < 200; n++) log.info(kilobyte);
    assert.deepEqual(readdirSync(folder).sort(), ['main.1.log', 'main.log'], 'rotated past it');
    assert.ok(statSync(path.join(folder, 'main.1.log')).size > LOG_MAX_BYTES);
    assert.ok(statSync(path.join(folder, 'main.log')).size <= 200 * lineBytes, 'a new main.log');
    assert.equal(existsSync(path.join(folder, `main.${LOG_KEEP + 1}.log`)), false);
  } finally {
    await close();
  }
});

test('tokens, passwords, cookies and credentials never reach the file or stderr', async () => {
  const { folder, close } = await logsFolder();
  try {
    const echo = collector();
    const log = createAppLog({ folder, echo });
    // each secret in the shape it has in Traydrop (server/db/tokens.ts, common/pair-link.ts, the broker's STS)
    const deviceToken = `tdk_${randomBytes(32).toString('base64url')}`;
    const pairToken = `tdk_${randomBytes(32).toString('base64url')}`;
    const bearer = `${randomBytes(12).toString('hex')}.${randomBytes(24).toString('base64url')}`;
    const cookie = `tdl_${randomBytes(8).toString('hex')}=${randomBytes(20).toString('base64url')}`;
    const password = `hunter2-${randomBytes(6).toString('hex')}`;
    const urlPassword = `pw${randomBytes(6).toString('hex')}`;
    const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + randomBytes(5).toString('hex').toUpperCase();
    const sessionToken = randomBytes(300).toString('base64');
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const credentials = {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiration: '2026-12-06T12:00:00Z',
      bucket: 'traydrop-shares',
      endpoint: 'https://s3.example.test',
    };

    log.info(`pairing from ${pairLink('https://share.example.com', pairToken)}`);
    log.info(`device token ${deviceToken} saved`);
    log.warn('request', {
      method: 'GET',
      url: 'https://share.example.com/v1/me',
      headers: { Authorization: `Bearer ${bearer}`, Cookie: cookie, 'Set-Cookie': [`${cookie}; Path=/; HttpOnly`] },
    });
    log.info(`GET /v1/me\nAuthorization: Bearer ${bearer}\nCookie: ${cookie}\nset-cookie: ${cookie}; Path=/`);
    log.info('settings', { user: 'alice', password, token: deviceToken, nested: { clientSecret: password } });
    log.error('credentials', credentials);
    log.error('as JSON', JSON.stringify(credentials));
    log.error('upload failed', new Error(`S3 refused ${accessKeyId} ${secretAccessKey} with ${sessionToken}`));
    const wrapped = new Error('pairing failed', { cause: Object.assign(new Error('401'), { token: pairToken }) });
    log.error('pair', wrapped);
    log.info(`server https://alice:${urlPassword}@share.example.com`);
    log.info(`env AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_SESSION_TOKEN=${sessionToken}`);
    log.info(`bare ${secretAccessKey} and ${sessionToken}`);

    // useful things stay
    const hash = randomBytes(32).toString('hex');
    const fingerprint = randomBytes(20).toString('hex');
    const folder80 = '/home/alice/Pictures/Traydrop/Recordings/Recording-2026-12-06-at-10-00-00-HDMI-1-Desktop-2';
    log.info(`kept /tmp/traydrop/Pictures/Traydrop/Screenshot-2026-12-06-at-10.00.00.png sha256 ${hash}`);
    log.info(`job ${fingerprint} in ${folder80}`);
    log.info('link https://share.example.test/AbCdEf012345/photo.png');

    const written = { file: readFileSync(log.file, 'utf8'), stderr: echo.chunks.join('') };
    const secrets = { deviceToken, pairToken, bearer, cookie, password, urlPassword, secretAccessKey, sessionToken };
    for (const [where, text] of Object.entries(written)) {
      for (const [name, secret] of Object.entries({ ...secrets, accessKeyId })) {
        // also no recognisable piece of one (a secret cut at a separator)
        for (const piece of [secret, secret.slice(-16), secret.slice(4, 20)])
          assert.ok(!text.includes(piece), `${name} (${piece}) is not in ${where}:\n${text}`);
      }
      assert.ok(!/bare [^\n]*wJalr/.test(text), where);
      assert.match(text, /pairing from traydrop:\/\/pair\?server=https%3A%2F%2Fshare\.example\.com&token=\[redacted\]/);
      assert.match(text, /Authorization: '\[redacted\]'/);
      assert.match(text, /bucket: 'traydrop-shares'/, 'the rest of the credentials object stays');
      assert.match(text, /user: 'alice'/);
      assert.match(text, /https:\/\/alice:\[redacted\]@share\.example\.com/);
      assert.match(text, /Screenshot-2026-12-06-at-10\.00\.00\.png/);
      assert.ok(text.includes(hash), 'a file hash stays');
      assert.ok(text.includes(`job ${fingerprint} in ${folder80}`), 'a fingerprint and a long path stay');
      assert.match(text, /https:\/\/share\.example\.test\/AbCdEf012345\/photo\.png/);
      assert.match(text, /Error: pairing failed/);
    }
  } finally {
    await close();
  }
});
