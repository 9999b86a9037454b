/**
 * `node --import ./test/app/electron-alias.ts dist/app/main.js`: the built main-process bundle, as
 * electron-builder ships it, with `electron` resolved to the fake of test/app/fake-electron-module.ts.
 */
import { register } from 'node:module';

register('./electron-alias-hooks.ts', import.meta.url);
