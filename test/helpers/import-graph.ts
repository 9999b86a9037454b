/**
 * The repository's import graph and its cycles, for test/unit/import-cycles.test.ts. Every .ts/.js file is read
 * with TypeScript's own import scanner (ts.preProcessFile: imports, re-exports, `import()` and `require()` with
 * a string), and each relative import resolved to the file it names. Type-only imports are edges too: a type
 * cycle ties the files together as much as a value one (neither can be read, moved or tested alone), and it
 * becomes a runtime cycle the day someone adds a value import to it. Both cycles issue #14 named were type-only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
const SKIP = new Set(['node_modules', 'dist', 'out', 'coverage', 'test-results', 'results']);

/** Every source file under `root`, relative and `/`-separated, skipping build output and dot-folders. */
export function sourceFiles(root: string, dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIP.has(entry.name)) files.push(...sourceFiles(root, rel));
    } else if (SOURCE.test(entry.name)) files.push(rel);
  }
  return files;
}

/** The file a relative specifier names (with the extension it has, as ours do, or one it lacks). */
function resolve(root: string, from: string, spec: string): string | undefined {
  const base = path.resolve(root, path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')])
    if (existsSync(candidate) && statSync(candidate).isFile())
      return path.relative(root, candidate).split(path.sep).join('/');
  return undefined;
}

/** file → the files it imports (relative imports of source files only). */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('./') || spec.startsWith('../'))
      .map((spec) => resolve(root, file, spec))
      .filter((target): target is string => target !== undefined && SOURCE.test(target));
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * The import cycles, one per strongly connected group of files (Tarjan), each written as a path that closes:
 * `a.ts → b.ts → a.ts`, the shortest one through the group's first file, then the group's other files.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) groups.push(group.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.map((group) => {
    const cycle = shortestCycle(graph, group[0]!, new Set(group));
    const others = group.filter((f) => !cycle.includes(f));
    return cycle.join(' → ') + (others.length > 0 ? ` (tangled with it: ${others.join(', ')})` : '');
  });
}

/** Breadth-first from `start` back to itself, inside its group. */
function shortestCycle(graph: ReadonlyMap<string, readonly string[]>, start: string, group: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of graph.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) {
        const back = [v];
        while (back[0] !== start) back.unshift(previous.get(back[0]!)!);
        return [...back, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
