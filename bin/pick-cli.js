// Which CLI `traydrop` loads. `npm run build` bundles it into dist/cli/main.js, which starts in about half
// the time and 40 MiB less memory than Node stripping the types of ~150 TypeScript files: that matters for a
// screenshot bound to a key. The bundle is used only while every file it was built from still has the size
// and mtime dist/cli/sources.json recorded (about 150 stat calls, well under a millisecond); after an edit,
// or without a build, the TypeScript sources run. TRAYDROP_FROM_SOURCE=1 always runs the sources.
import { readFileSync, statSync } from 'node:fs';

/** { url, kind }: the module to import and whether it is the bundle or the sources. */
export function pickCli(root = new URL('../', import.meta.url), env = process.env) {
  const source = { url: new URL('main/cli/main.ts', root), kind: 'source' };
  if (env.TRAYDROP_FROM_SOURCE === '1') return source;
  try {
    const { sources } = JSON.parse(readFileSync(new URL('dist/cli/sources.json', root), 'utf8'));
    for (const [file, built] of Object.entries(sources)) {
      const now = statSync(new URL(file, root));
      if (now.size !== built.size || now.mtimeMs !== built.mtimeMs) return source;
    }
    return { url: new URL('dist/cli/main.js', root), kind: 'bundle' };
  } catch {
    return source; // no build yet, or a file it was built from is gone
  }
}
