/**
 * `traydrop/layers`: every import checked against the table in layers.ts. A relative import is resolved to the
 * file it names and that file's layer must be one the importing layer may use; `electron` (and `electron-store`,
 * which loads it) only where the table says, Node built-ins only where it says. Type-only imports count too: a
 * type from a layer you may not use still ties you to it. Static imports, re-exports, `import()` and `require()`
 * with a string, and `import('…').Type` are all checked.
 */
import { isBuiltin } from 'node:module';
import path from 'node:path';
import type { ESLint, Rule } from 'eslint';
import type { Node } from 'estree';
import { LAYERS, layerOf, mayImport, type Layer } from './layers.ts';

/** The repository: paths in the table are relative to it. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

const TABLE = 'scripts/eslint/layers.ts';

const list = (layers: readonly Layer[]): string => layers.map((l) => `${l.folder}/`).join(', ');
const ELECTRON = `electron may be imported only in ${list(LAYERS.filter((l) => l.electron))} (${TABLE}).`;
const ELECTRON_STORE =
  'electron-store loads electron: only the Electron glue may use it; elsewhere use conf (main/settings).';
const NODE = (layer: Layer, spec: string): string =>
  `${layer.folder}/ (${layer.runs}) may not import Node built-ins (${spec}).` +
  (layer.folder === 'renderer' ? ' The renderer is sandboxed: talk to main through the IPC contract.' : '');

const isElectron = (spec: string): boolean => spec === 'electron' || spec.startsWith('electron/');
const posix = (p: string): string => p.split(path.sep).join('/');

const rule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: `Imports follow the layer whitelist in ${TABLE}` },
    schema: [],
  },
  create(context) {
    const file = posix(path.relative(ROOT, context.filename));
    // files outside the repository (or lintText without a path) and files at its root (eslint.config.js)
    if (file.startsWith('../') || path.isAbsolute(file) || !file.includes('/')) return {};
    const layer = layerOf(file);
    if (!layer)
      return {
        Program(node) {
          context.report({
            node,
            message: `${file} is in no layer: add its folder to the table in ${TABLE} (and docs/architecture.md).`,
          });
        },
      };

    const check = (node: Node, spec: unknown): void => {
      if (typeof spec !== 'string') return;
      const report = (message: string): void => context.report({ node, message });
      if (spec.startsWith('.')) {
        const target = posix(path.relative(ROOT, path.resolve(path.dirname(context.filename), spec)));
        if (target.startsWith('../')) return report(`${spec} is outside the repository.`);
        const to = layerOf(target);
        if (mayImport(layer, to, target)) return;
        const allowed = layer.mayImport.length > 0 ? layer.mayImport.join(', ') : 'nothing else';
        return report(
          to
            ? `${layer.folder}/ may not import ${to.folder}/ (${target}). It may import: ${allowed} (${TABLE}).`
            : `${target} is in no layer, and ${layer.folder}/ may not import it (${TABLE}).`,
        );
      }
      if (spec === 'electron-store' && !layer.electron) return report(ELECTRON_STORE);
      if (isElectron(spec) && !layer.electron) return report(ELECTRON);
      if (isBuiltin(spec) && !layer.node) return report(NODE(layer, spec));
    };

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal')
          check(arg, arg.value);
      },
      // `import('…').Type` in a type position (typescript-eslint's node, not in ESTree's types)
      ...({
        TSImportType(node: { argument?: { type: string; literal?: { value?: unknown } } }) {
          if (node.argument?.type === 'TSLiteralType') check(node as unknown as Node, node.argument.literal?.value);
        },
      } as Rule.RuleListener),
    };
  },
};

/** The plugin eslint.config.js registers as `traydrop`. */
export const traydropPlugin: ESLint.Plugin = { rules: { layers: rule } };
