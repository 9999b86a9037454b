/**
 * Which folder may import which: the one table the lint rule (layering-rule.ts, `traydrop/layers`) checks every
 * import against, and docs/architecture.md shows (a test keeps the two the same). A whitelist, as VS Code's
 * `code-layering`: a file belongs to the layer of the longest folder listed that holds it; it may import its own
 * layer, the layers in its `mayImport`, and nothing else. A folder with code but no row is an error: add a row
 * when you add a folder, never an exception.
 *
 * Columns: `electron`: may import `electron` and `electron-store`; `node`: may import Node built-ins (false for
 * code that must also run in a page). `mayImport` may also name a single file outside every layer
 * (package.json).
 */

export interface Layer {
  /** A folder of the repository, `/`-separated, no trailing slash. */
  readonly folder: string;
  /** Where its code runs, in a few words (for the docs). */
  readonly runs: string;
  /** The other layers it may import ('*': every layer), or single files outside every layer. */
  readonly mayImport: readonly string[];
  readonly electron: boolean;
  readonly node: boolean;
}

/** The client core: plain Node, no Electron, shared by the app and the CLI. Lower layers first. */
export const CLIENT_CORE = [
  'main/dbus',
  'main/keyring',
  'main/config',
  'main/credentials',
  'main/capture',
  'main/ocr',
  'main/desktop',
  'main/settings',
  'main/upload',
  'main/share',
  'main/queue',
  'main/watch',
] as const;

const core = (folder: (typeof CLIENT_CORE)[number], mayImport: readonly string[], runs = 'Node (client core)') =>
  ({ folder, runs, mayImport: ['common', ...mayImport], electron: false, node: true }) satisfies Layer;

export const LAYERS: readonly Layer[] = [
  { folder: 'common', runs: 'anywhere: Node and pages', mayImport: ['package.json'], electron: false, node: false },
  { folder: 'node', runs: 'Node (client and server)', mayImport: ['common'], electron: false, node: true },
  core('main/dbus', []),
  core('main/keyring', ['main/dbus']),
  core('main/config', ['main/keyring']),
  core('main/credentials', []),
  core('main/capture', ['main/dbus']),
  core('main/ocr', []),
  core('main/desktop', ['main/capture', 'main/config', 'main/dbus']),
  core('main/settings', ['main/capture', 'main/config']),
  core('main/upload', ['node', 'main/credentials']),
  core('main/share', ['main/credentials', 'main/upload']),
  core('main/queue', ['main/config', 'main/credentials', 'main/share', 'main/upload']),
  core('main/watch', ['main/config', 'main/queue']),
  {
    folder: 'main/cli',
    runs: 'Node (the traydrop command)',
    mayImport: ['common', 'node', ...CLIENT_CORE],
    electron: false,
    node: true,
  },
  {
    folder: 'main/app',
    runs: 'Electron main (the glue)',
    mayImport: ['common', 'node', ...CLIENT_CORE],
    electron: true,
    node: true,
  },
  { folder: 'preload', runs: 'Electron preload (sandboxed)', mayImport: ['common'], electron: true, node: false },
  { folder: 'renderer', runs: 'sandboxed pages', mayImport: ['common'], electron: false, node: false },
  { folder: 'server', runs: 'Node (broker and gateway)', mayImport: ['common', 'node'], electron: false, node: true },
  {
    folder: 'bin',
    runs: 'Node (the two commands)',
    mayImport: ['common', 'main/cli', 'server'],
    electron: false,
    node: true,
  },
  {
    folder: 'scripts',
    runs: 'Node (build, tests, lint)',
    mayImport: ['common', 'node', ...CLIENT_CORE, 'main/cli', 'main/app', 'server'],
    electron: false,
    node: true,
  },
  {
    folder: 'bench',
    runs: 'Node (benchmarks)',
    mayImport: ['common', 'node', ...CLIENT_CORE, 'main/cli', 'main/app', 'server', 'test'],
    electron: false,
    node: true,
  },
  { folder: 'test', runs: 'Node (tests)', mayImport: ['*'], electron: true, node: true },
];

/** The layer of a `/`-separated path relative to the repository: the longest folder that holds it. */
export function layerOf(file: string): Layer | undefined {
  let found: Layer | undefined;
  for (const layer of LAYERS)
    if (file.startsWith(layer.folder + '/') && layer.folder.length > (found?.folder.length ?? -1)) found = layer;
  return found;
}

/** May a file of `from` import `target` (a path relative to the repository, in the layer `to` or in none)? */
export function mayImport(from: Layer, to: Layer | undefined, target: string): boolean {
  if (!to) return from.mayImport.includes(target) || from.mayImport.includes('*');
  return to === from || from.mayImport.includes(to.folder) || from.mayImport.includes('*');
}

/** The table as docs/architecture.md shows it: one row per layer, the client core named once. */
export function layersMarkdown(): string {
  const names = (list: readonly string[]): string => {
    if (list.includes('*')) return 'everything';
    const hasCore = CLIENT_CORE.every((f) => list.includes(f));
    const rest = list.filter((f) => !(hasCore && (CLIENT_CORE as readonly string[]).includes(f)));
    return [...rest.map((f) => `\`${f}\``), ...(hasCore ? ['the client core'] : [])].join(', ') || '—';
  };
  const yes = (b: boolean): string => (b ? 'yes' : '—');
  return [
    '| Layer | Runs under | May import (besides itself) | `electron` | Node built-ins |',
    '|---|---|---|---|---|',
    ...LAYERS.map(
      (l) => `| \`${l.folder}/\` | ${l.runs} | ${names(l.mayImport)} | ${yes(l.electron)} | ${yes(l.node)} |`,
    ),
  ].join('\n');
}
