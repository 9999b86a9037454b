/** The gateway bench's summary: medians, ratios against the targets, RSS under slow clients. */
import { cpus, loadavg } from 'node:os';
import type { SlowClientsResult, WrkResult } from './measure.ts';

const median = (xs: number[]): number => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

export function summarize(
  stream: { gateway: number[]; direct: number[]; gatewayCpuPerGiB: number[] },
  small: { gateway: WrkResult[]; nginx: WrkResult[] },
  slow: SlowClientsResult | null,
) {
  const gw = median(small.gateway.map((r) => r.rps));
  const ng = median(small.nginx.map((r) => r.rps));
  return {
    date: new Date().toISOString(),
    machine: `${cpus().length} cores, load at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    stream: {
      ...stream,
      medianGateway: median(stream.gateway),
      medianDirect: median(stream.direct),
      ratio: median(stream.gateway) / median(stream.direct),
      /** Each round's gateway / direct (measured back to back), and their median and range. */
      roundRatios: stream.gateway.map((g, i) => g / stream.direct[i]!),
      medianRoundRatio: median(stream.gateway.map((g, i) => g / stream.direct[i]!)),
      medianGatewayCpuPerGiB: median(stream.gatewayCpuPerGiB),
    },
    small: { ...small, medianGateway: gw, medianNginx: ng, ratio: gw / ng },
    slow,
  };
}

export function formatSummary(r: ReturnType<typeof summarize>): string {
  const f = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(0));
  // a part not asked for (BENCH_PARTS) has no rounds: no line for it
  const lines: string[] = [];
  if (r.stream.roundRatios.length > 0)
    lines.push(
      `1 GiB GET     gateway ${f(r.stream.medianGateway)} MiB/s   direct RGW ${f(r.stream.medianDirect)} MiB/s   ratio ${r.stream.ratio.toFixed(2)} (target >= 0.80); median of ${r.stream.roundRatios.length} rounds' ratios ${r.stream.medianRoundRatio.toFixed(2)} (${Math.min(...r.stream.roundRatios).toFixed(2)}–${Math.max(...r.stream.roundRatios).toFixed(2)}); the gateway used ${r.stream.medianGatewayCpuPerGiB.toFixed(2)} CPU-s per GiB`,
    );
  if (r.small.gateway.length > 0)
    lines.push(
      `50 KB image   gateway ${f(r.small.medianGateway)} req/s   nginx ${f(r.small.medianNginx)} req/s   ratio ${r.small.ratio.toFixed(2)} (target >= 0.80); errors gateway ${r.small.gateway.reduce((n, w) => n + w.errors, 0)}, nginx ${r.small.nginx.reduce((n, w) => n + w.errors, 0)}`,
    );
  if (r.slow) {
    const s = r.slow.rssSamplesMiB;
    lines.push(
      `${r.slow.clients} slow clients   RSS before ${f(r.slow.rssBeforeMiB)} MiB, after 5 s ${s[4]} MiB, at ${s.length} s ${s.at(-1)} MiB (peak ${Math.max(...s)}), after close ${f(r.slow.rssAfterMiB)} MiB; ${f(r.slow.bytesRead / (1 << 20))} MiB read by the clients`,
    );
  }
  return lines.join('\n');
}
