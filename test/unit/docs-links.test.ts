/**
 * The README is short and points into docs/: every relative link and picture in the README and the
 * Markdown files it reaches must name a file (and, for `#anchor`, a heading) that exists, so moving or
 * renaming a document cannot leave a dead link behind. The README also stays a page a person reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(root, 'docs', name));
  const top = readdirSync(root)
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(root, name));
  return [...top, ...docs];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(file: string): Set<string> {
  const headings = readFileSync(file, 'utf8').match(/^#+ .+$/gm) ?? [];
  return new Set(
    headings.map((h) =>
      h
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

function links(text: string): string[] {
  const markdown = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  const html = [...text.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  return [...markdown, ...html].filter((target) => !/^[a-z]+:/i.test(target));
}

test('every relative link in the README and docs/ names a file and heading that exist', () => {
  const dead: string[] = [];
  for (const file of markdownFiles()) {
    for (const target of links(readFileSync(file, 'utf8'))) {
      const [pathPart, anchor] = target.split('#') as [string, string | undefined];
      const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), pathPart);
      const where = `${path.relative(root, file)} → ${target}`;
      if (!existsSync(resolved)) dead.push(`${where} (no such file)`);
      else if (anchor && statSync(resolved).isFile() && !anchorsOf(resolved).has(anchor))
        dead.push(`${where} (no such heading)`);
    }
  }
  assert.deepEqual(dead, []);
});

test('the README stays short: at most about 150 lines, no table row of a thousand characters', () => {
  const lines = readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');
  assert.ok(lines.length <= 150, `README.md has ${lines.length} lines`);
  const long = lines.filter((line) => line.length > 400 && !line.startsWith('<img'));
  assert.deepEqual(long, []);
});
