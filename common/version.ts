/**
 * Traydrop's version, from package.json: `traydrop --version` and `traydrop-server --version` print it.
 * Read at start-up when the sources run; the bundles (scripts/build-app.ts) carry only this one field.
 */
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
