// Which code `traydrop` (and `traydrop-server`) loads. `npm run build` bundles the CLI into dist/cli/main.js,
// which starts in about half the time and 40 MiB less memory than Node stripping the types of ~150 TypeScript
// files: that matters for a screenshot bound to a key. The bundle is used only while every file it was built
// from still has the size and mtime dist/cli/sources.json recorded (about 150 stat calls, well under a
// millisecond); after an edit, or without a build, the TypeScript sources run. TRAYDROP_FROM_SOURCE=1 always
// runs the sources. The npm package ships the bundles without the sources (Node does not strip types under
// node_modules) nor sources.json: there the bundle runs.
import { existsSync, readFileSync, statSync } from 'node:fs';

/** The client CLI: main/cli/main.ts or dist/cli/main.js. */
export function pickCli(root = new URL('../', import.meta.url), env = process.env) {
  return pickBuild({ source: 'main/cli/main.ts', bundle: 'dist/cli/main.js' }, root, env);
}

/** The server CLI: server/cli.ts or dist/server/cli.js. */
export function pickServerCli(root = new URL('../', import.meta.url), env = process.env) {
  return pickBuild({ source: 'server/cli.ts', bundle: 'dist/server/cli.js' }, root, env);
}

/** { url, kind }: the module to import and whether it is the bundle or the sources. */
function pickBuild(paths, root, env) {
  const source = { url: new URL(paths.source, root), kind: 'source' };
  const bundle = { url: new URL(paths.bundle, root), kind: 'bundle' };
  if (env.TRAYDROP_FROM_SOURCE === '1') return source;
  let sources;
  try {
    ({ sources } = JSON.parse(readFileSync(new URL('sources.json', bundle.url), 'utf8')));
  } catch {
    // no build record: a checkout without a build runs its sources, the installed package its bundle
    return existsSync(source.url) || !existsSync(bundle.url) ? source : bundle;
  }
  try {
    for (const [file, built] of Object.entries(sources)) {
      const now = statSync(new URL(file, root));
      if (now.size !== built.size || now.mtimeMs !== built.mtimeMs) return source;
    }
    return bundle;
  } catch {
    return source; // a file it was built from is gone
  }
}
