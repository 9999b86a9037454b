/**
 * An accessibility audit of a renderer page with axe-core (WCAG 2.0/2.1/2.2 A and AA rules and axe's
 * best practices): the violations as one line each, `rule (impact): selector`, so a test can assert there
 * are none and say which element fails what. axe is evaluated through the DevTools protocol, not as a
 * <script>: the page keeps its real CSP (`script-src 'self'`).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: Promise<string> | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

export async function accessibilityViolations(page: Page): Promise<string[]> {
  axeSource ??= readFile(axePath, 'utf8');
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations as AxeViolation[];
  });
  return violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact ?? 'n/a'}): ${node.target.join(' ')} — ${v.help}`),
  );
}
