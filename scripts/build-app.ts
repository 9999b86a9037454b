/**
 * Builds the desktop app into dist/ with esbuild (`npm run build`, or `buildApp()` from tests):
 *
 *   dist/app/main.js               main/app/entry.ts, Node ESM for Electron's main process (skipped,
 *                                  with a message, while main/app/entry.ts does not exist)
 *   dist/preload/index.cjs         preload/index.ts, CommonJS: sandboxed preloads cannot load ESM
 *   dist/renderer/<page>/          index.html, the page's CSS and index.js (one IIFE bundle per page)
 *   dist/renderer/shared/*.css
 *   dist/cli/main.js               main/cli/main.ts, the `traydrop` CLI bundled (bin/pick-cli.js loads it
 *   dist/cli/sources.json          while every file listed here, with its size and mtime, is unchanged)
 *   dist/server/cli.js             server/cli.ts, the `traydrop-server` CLI, its npm packages left external
 *   dist/server/sources.json       (the same rule as the client's, through bin/traydrop-server.js)
 *
 * The two CLI bundles are what the npm package ships (`npm pack` runs this build first: "prepack").
 *
 * Deterministic and quick: no timestamps or absolute paths in the output (but the source mtimes that
 * dist/cli/sources.json exists to record), and a file is only
 * rewritten (atomically, temp file + rename) when its bytes changed, so concurrent builds and a page
 * being served while tests rebuild never see half a file.
 */
import { build, type BuildOptions, type OutputFile, type Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appIconPng } from '../main/app/app-icon.ts';
import { PAGES } from '../main/app/windows/pages.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The renderer pages (one list, the app's): each is renderer/<page>/index.html + index.ts (+ its CSS). */
export { PAGES, type PageName } from '../main/app/windows/pages.ts';

/** Loaded at run time, never bundled: Electron itself, native or platform-specific packages. */
export const MAIN_EXTERNAL = [
  'electron',
  'screenshot-desktop',
  'chokidar',
  '@ffmpeg-installer/*',
  '@napi-rs/keyring', // the system keychain: a native module
  // OCR: tesseract.js starts its worker from its own file and loads its WASM core and the traineddata from
  // node_modules at run time, which a bundle cannot do
  'tesseract.js',
  '@tesseract.js-data/*',
];

export const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;

export interface BuildAppOptions {
  /** Default: <repo>/dist. */
  outDir?: string;
  /** Only the renderer pages (what the page tests need). */
  only?: 'renderer';
  minify?: boolean;
  log?: (line: string) => void;
}

export interface BuildAppResult {
  outDir: string;
  /** Files written because they changed (relative to outDir). */
  written: string[];
  skipped: string[];
}

const common: BuildOptions = {
  bundle: true,
  write: false,
  logLevel: 'silent',
  legalComments: 'none',
  charset: 'utf8',
  absWorkingDir: root,
};

/** The app's main process and the CLI: Node ESM, with the packages that must stay files external. */
const nodeEsm: BuildOptions = {
  ...common,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: MAIN_EXTERNAL,
  // bundled CommonJS dependencies still call require() for Node built-ins
  banner: {
    js: "import { createRequire as __trayCreateRequire } from 'node:module';\nconst require = __trayCreateRequire(import.meta.url);",
  },
};

/**
 * common/version.ts imports package.json for its version: the bundles get that one field, not the whole file
 * (scripts, dependency lists).
 */
const packageVersionOnly: Plugin = {
  name: 'package-version-only',
  setup(build) {
    const file = path.join(root, 'package.json');
    build.onLoad({ filter: /package\.json$/ }, async (args) => {
      if (args.path !== file) return undefined;
      const { version } = JSON.parse(await readFile(file, 'utf8')) as { version: string };
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
};

async function writeIfChanged(file: string, contents: Uint8Array | string): Promise<boolean> {
  const bytes = typeof contents === 'string' ? Buffer.from(contents) : Buffer.from(contents);
  const old = await readFile(file).catch(() => undefined);
  if (old?.equals(bytes)) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, file);
  return true;
}

export async function buildApp(options: BuildAppOptions = {}): Promise<BuildAppResult> {
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist'));
  const log = options.log ?? (() => {});
  const minify = options.minify ?? false;
  const outputs: { file: string; contents: Uint8Array | string }[] = [];
  const skipped: string[] = [];
  const collect = (files: OutputFile[] | undefined) => {
    for (const f of files ?? []) outputs.push({ file: f.path, contents: f.contents });
  };
  const jobs: Promise<void>[] = [];

  // renderer pages: one IIFE per page (CSP script-src 'self' loads it as a classic script)
  jobs.push(
    build({
      ...common,
      entryPoints: {
        ...Object.fromEntries(PAGES.map((page) => [`${page}/index`, `renderer/${page}/index.ts`])),
        // the editor's PNG encoder, a dedicated worker loaded from the page's own origin (worker-src 'self')
        'editor/export-worker': 'renderer/editor/export-worker.ts',
        // the editor's first script: starts fetching the capture before the CSS and the deferred bundle
        'editor/capture-early': 'renderer/editor/capture-early.ts',
      },
      outdir: path.join(outDir, 'renderer'),
      platform: 'browser',
      format: 'iife',
      target: 'chrome140', // Electron 45
      minify,
    }).then((r) => collect(r.outputFiles)),
  );
  for (const page of PAGES) {
    const dir = path.join(root, 'renderer', page);
    for (const name of await readdir(dir)) {
      if (name.endsWith('.html') || name.endsWith('.css')) {
        outputs.push({
          file: path.join(outDir, 'renderer', page, name),
          contents: await readFile(path.join(dir, name)),
        });
      }
    }
  }
  for (const name of await readdir(path.join(root, 'renderer', 'shared'))) {
    if (name.endsWith('.css')) {
      const contents = await readFile(path.join(root, 'renderer', 'shared', name));
      outputs.push({ file: path.join(outDir, 'renderer', 'shared', name), contents });
    }
  }

  if (options.only !== 'renderer') {
    jobs.push(
      build({
        ...common,
        entryPoints: ['preload/index.ts'],
        outfile: path.join(outDir, 'preload', 'index.cjs'),
        platform: 'node',
        format: 'cjs',
        target: 'node22',
        external: ['electron'],
        minify,
      }).then((r) => collect(r.outputFiles)),
    );
    if (existsSync(path.join(root, 'main', 'app', 'entry.ts'))) {
      jobs.push(
        build({
          ...nodeEsm,
          entryPoints: ['main/app/entry.ts'],
          outfile: path.join(outDir, 'app', 'main.js'),
          minify,
        }).then((r) => collect(r.outputFiles)),
      );
    } else {
      skipped.push('app/main.js');
      log('build: main/app/entry.ts does not exist yet: dist/app/main.js skipped');
    }
  }

  if (options.only !== 'renderer') {
    jobs.push(
      buildCli(outDir, minify).then((files) => {
        outputs.push(...files);
      }),
      buildServerCli(outDir, minify).then((files) => {
        outputs.push(...files);
      }),
    );
    // the app icon (main/app/app-icon.ts): 1024 px for the macOS and Windows packages, NxN.png for Linux
    outputs.push({ file: path.join(outDir, 'icons', 'icon.png'), contents: appIconPng(1024) });
    for (const size of LINUX_ICON_SIZES)
      outputs.push({ file: path.join(outDir, 'icons', 'linux', `${size}x${size}.png`), contents: appIconPng(size) });
  }

  await Promise.all(jobs);
  outputs.sort((a, b) => a.file.localeCompare(b.file));
  const written: string[] = [];
  for (const { file, contents } of outputs) {
    if (await writeIfChanged(file, contents)) written.push(path.relative(outDir, file));
  }
  log(`build: ${outputs.length} files in ${path.relative(root, outDir) || outDir}, ${written.length} changed`);
  return { outDir, written, skipped };
}

/** The client CLI, everything but MAIN_EXTERNAL inside: one file to parse is what makes it start fast. */
function buildCli(outDir: string, minify: boolean): Promise<{ file: string; contents: Uint8Array | string }[]> {
  return buildWithSources({
    ...nodeEsm,
    entryPoints: ['main/cli/main.ts'],
    outfile: path.join(outDir, 'cli', 'main.js'),
    minify,
  });
}

/**
 * The server CLI with every npm package external: they are the package's `dependencies` and installed anyway,
 * so bundling them would ship fastify and the AWS SDK twice, and an `npm update` (a fastify or AWS SDK
 * security fix) reaches a running server without a new Traydrop release. A server starts once; the client
 * CLI, which starts on every screenshot, is the one worth one file.
 */
function buildServerCli(outDir: string, minify: boolean): Promise<{ file: string; contents: Uint8Array | string }[]> {
  return buildWithSources({
    ...nodeEsm,
    entryPoints: ['server/cli.ts'],
    outfile: path.join(outDir, 'server', 'cli.js'),
    packages: 'external',
    minify,
  });
}

/**
 * One ESM file, and beside it sources.json: what it was built from (every source file outside
 * node_modules, and package-lock.json for the dependencies) with their sizes and mtimes. A file changed
 * while the build ran is recorded as changed (size -1), so the sources run until the next build.
 */
async function buildWithSources(
  options: BuildOptions & { outfile: string },
): Promise<{ file: string; contents: Uint8Array | string }[]> {
  const started = Date.now();
  const { outfile } = options;
  const result = await build({
    ...options,
    plugins: [...(options.plugins ?? []), packageVersionOnly],
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'));
  const sources: Record<string, { size: number; mtimeMs: number }> = {};
  for (const file of [...inputs, 'package-lock.json'].sort()) {
    const info = await stat(path.join(root, file));
    sources[file] = info.mtimeMs >= started ? { size: -1, mtimeMs: 0 } : { size: info.size, mtimeMs: info.mtimeMs };
  }
  return [
    ...(result.outputFiles ?? []).map((f) => ({ file: f.path, contents: f.contents })),
    { file: path.join(path.dirname(outfile), 'sources.json'), contents: JSON.stringify({ sources }, null, 1) + '\n' },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  buildApp({ minify: process.argv.includes('--minify'), log: (line) => process.stdout.write(`${line}\n`) }).then(
    () => process.stdout.write(`build: done in ${Math.round(performance.now() - started)} ms\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
