/**
 * A bar chart drawn on the server as SVG: people and link-preview bots as two bars side by side per day or month.
 * Server-side SVG rather than a chart library in the page: the page keeps its no-script CSP, the numbers are in
 * the markup (each bar names its value, and a table below repeats them for screen readers and tests), and it is
 * fifty lines instead of a bundle.
 */
import { esc } from '../share/html.ts';

export interface BarPoint {
  /** `2026-12-06` or `2026-12`. */
  label: string;
  people: number;
  bots: number;
}

export interface BarChart {
  id: string;
  title: string;
  points: BarPoint[];
  /** How a value reads ("3", "1.2 MB"). */
  format: (value: number) => string;
  /** Column heads of the numbers table: what people and bots count here. */
  peopleLabel: string;
  botsLabel: string;
}

const W = 720;
const H = 190;
const TOP = 16;
const BOTTOM = 24;
const LEFT = 8;

export function barChart(c: BarChart): string {
  const max = Math.max(1, ...c.points.map((p) => Math.max(p.people, p.bots)));
  const slot = (W - LEFT * 2) / c.points.length;
  const bar = Math.max(1, slot * 0.38);
  const height = (v: number) => ((H - TOP - BOTTOM) * v) / max;
  const bars = c.points
    .map((p, i) => {
      const x = LEFT + i * slot + slot * 0.1;
      const hp = height(p.people);
      const hb = height(p.bots);
      return `<g data-label="${esc(p.label)}" data-people="${p.people}" data-bots="${p.bots}">
<rect class="people" x="${x.toFixed(1)}" y="${(H - BOTTOM - hp).toFixed(1)}" width="${bar.toFixed(1)}" height="${hp.toFixed(1)}"><title>${esc(p.label)}: ${esc(c.format(p.people))} (${esc(c.peopleLabel)})</title></rect>
<rect class="bots" x="${(x + bar).toFixed(1)}" y="${(H - BOTTOM - hb).toFixed(1)}" width="${bar.toFixed(1)}" height="${hb.toFixed(1)}"><title>${esc(p.label)}: ${esc(c.format(p.bots))} (${esc(c.botsLabel)})</title></rect></g>`;
    })
    .join('');
  const first = c.points[0]?.label ?? '';
  const last = c.points.at(-1)?.label ?? '';
  const total = (k: 'people' | 'bots') => c.points.reduce((s, p) => s + p[k], 0);
  const summary = `${c.title}: ${c.format(total('people'))} ${c.peopleLabel} and ${c.format(total('bots'))} ${c.botsLabel} from ${first} to ${last}`;
  const rows = c.points
    .map(
      (p) =>
        `<tr><th scope="row">${esc(p.label)}</th><td>${esc(c.format(p.people))}</td><td>${esc(c.format(p.bots))}</td></tr>`,
    )
    .join('');
  return `<figure class="chart" id="${c.id}"><figcaption>${esc(c.title)}
<span class="legend"><span class="key people"></span>${esc(c.peopleLabel)} <span class="key bots"></span>${esc(c.botsLabel)}</span></figcaption>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(summary)}">
<line class="axis" x1="${LEFT}" x2="${W - LEFT}" y1="${H - BOTTOM}" y2="${H - BOTTOM}"/>
<text class="tick" x="${LEFT}" y="${TOP - 4}">${esc(c.format(max))}</text>${bars}
<text class="tick" x="${LEFT}" y="${H - 6}">${esc(first)}</text><text class="tick" x="${W - LEFT}" y="${H - 6}" text-anchor="end">${esc(last)}</text></svg>
<details><summary>The numbers</summary><table><thead><tr><th scope="col">${c.points[0]?.label.length === 7 ? 'Month' : 'Day'}</th><th scope="col">${esc(c.peopleLabel)}</th><th scope="col">${esc(c.botsLabel)}</th></tr></thead>
<tbody>${rows}</tbody></table></details></figure>`;
}
