/**
 * Skipped tests, collected so that `npm test` can end by naming every one and why (scripts/run-tests.ts).
 *
 * The default export is a reporter for `node --test --test-reporter=./scripts/skip-reporter.ts`: one JSON line per
 * skipped test or suite ({ file, name, reason }). `summarizeSkips` groups those lines per file and reason.
 * A reason starting with CANNOT_RUN_HERE (test/helpers/requirements.ts: cannotRunHere) is a test that cannot run on
 * this kind of machine at all (the Electron binary cannot be downloaded here): listed, never failing the run, never
 * counted as passing. Any other skip fails `npm test` unless TRAYDROP_ALLOW_SKIPS=1.
 */
import path from 'node:path';

export const CANNOT_RUN_HERE = 'cannot run on this machine: ';

export interface SkippedTest {
  file: string;
  name: string;
  reason: string;
}

interface TestEvent {
  type: string;
  data: { file?: string; name?: string; skip?: string | boolean };
}

export default async function* skipReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  for await (const { type, data } of source) {
    if ((type === 'test:pass' || type === 'test:fail') && data.skip !== undefined && data.skip !== false) {
      const file = data.file ? path.relative(process.cwd(), data.file) : '(unknown file)';
      const reason = typeof data.skip === 'string' ? data.skip : '(no reason given)';
      yield JSON.stringify({ file, name: data.name ?? '', reason } satisfies SkippedTest) + '\n';
    }
  }
}

export interface SkipSummary {
  /** One line per file and reason: "test/x.test.ts: 3 tests (a, b, c): needs Xvfb (Debian package xvfb)". */
  lines: string[];
  /** The same in one line: "test/x.test.ts (needs Xvfb …); test/y.test.ts (…)". */
  oneLine: string;
  /** Skips that fail a run without TRAYDROP_ALLOW_SKIPS=1 (all but CANNOT_RUN_HERE). */
  failing: number;
  total: number;
}

/** The reporter's JSON lines, grouped per file and reason, in file order. */
export function summarizeSkips(jsonLines: string): SkipSummary {
  const skips: SkippedTest[] = jsonLines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SkippedTest);
  const groups = new Map<string, SkippedTest[]>();
  for (const skip of skips) {
    const key = `${skip.file}\u0000${skip.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), skip]);
  }
  const sorted = [...groups.values()].sort((a, b) => a[0]!.file.localeCompare(b[0]!.file));
  const lines = sorted.map((group) => {
    const names = group.map((skip) => `'${skip.name}'`);
    const what = group.length === 1 ? names[0] : `${group.length} tests or suites (${names.join(', ')})`;
    return `${group[0]!.file}: ${what}: ${group[0]!.reason}`;
  });
  const oneLine = sorted.map((group) => `${group[0]!.file} (${group[0]!.reason})`).join('; ');
  const failing = skips.filter((skip) => !skip.reason.startsWith(CANNOT_RUN_HERE)).length;
  return { lines, oneLine, failing, total: skips.length };
}
