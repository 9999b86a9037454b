/**
 * electron-builder.yml cannot be exercised here (packaging needs Electron downloads), so it is checked as far as
 * possible: valid against electron-builder's own JSON schema, and every file it names is one the repo or
 * `npm run build` provides.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LINUX_ICON_SIZES } from '../../scripts/build-app.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
// electron-builder's own dependencies (installed with it): its YAML reader and schema validator
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (options: object) => {
  validate(schema: object, data: unknown): boolean;
  errors: unknown;
};

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  Record<string, string>
>;

test('electron-builder.yml is valid against electron-builder’s schema', () => {
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.equal(ajv.validate(schema, config), true, JSON.stringify(ajv.errors));
});

test('the files it names exist, or are what npm run build writes', () => {
  assert.ok(existsSync(path.join(root, config.mac!.entitlements!)), config.mac!.entitlements);
  assert.equal(config.mac!.icon, 'dist/icons/icon.png');
  assert.equal(config.win!.icon, 'dist/icons/icon.png');
  assert.equal(config.linux!.icon, 'dist/icons/linux');
  assert.deepEqual([...LINUX_ICON_SIZES].includes(256), true, 'a 256 px icon for the windows');
});

test('macOS: a usage description for each permission the app asks for, and the microphone entitlement', () => {
  const info = config.mac!.extendInfo as unknown as Record<string, string>;
  for (const key of ['NSScreenCaptureUsageDescription', 'NSMicrophoneUsageDescription'])
    assert.match(info[key] ?? '', /^Traydrop .{20,}/, key);
  // the hardened runtime denies the microphone without it, even when the user allowed it
  const entitlements = readFileSync(path.join(root, config.mac!.entitlements!), 'utf8');
  assert.match(entitlements, /<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
});

test('the deb keeps electron-builder’s own dependencies (Electron’s libraries) beside ours', () => {
  // `deb.depends` replaces the builder's list instead of adding to it: without these, the deb installs on a
  // machine without GTK or NSS and the app cannot start
  const fpm = (require('app-builder-lib/out/targets/FpmTarget') as { default: { prototype: FpmDefaults } }).default;
  const deb = config.deb as unknown as { depends: string[]; recommends: string[] };
  const builderDepends = fpm.prototype.getDefaultDepends('deb');
  assert.ok(builderDepends.includes('libgtk-3-0') && builderDepends.includes('libnss3'), 'the builder’s list was read');
  for (const name of builderDepends) assert.ok(deb.depends.includes(name), `deb.depends lacks ${name}`);
  for (const name of fpm.prototype.getDefaultRecommends('deb'))
    assert.ok(deb.recommends.includes(name), `deb.recommends lacks ${name}`);
  for (const ours of ['imagemagick', 'x11-xserver-utils', 'x11-utils', 'xdotool'])
    assert.ok(deb.depends.includes(ours), ours);
});

interface FpmDefaults {
  getDefaultDepends(target: string): string[];
  getDefaultRecommends(target: string): string[];
}
