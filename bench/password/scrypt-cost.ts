/**
 * `node bench/password/scrypt-cost.ts [runs]`: what one link-password check costs. Times
 * `verifyPassword` (the server's own code, async scrypt on the libuv pool) for a hash with today's
 * parameters and one with the old N = 2^14, sequentially, and reports wall time (median and spread)
 * and CPU time per check (the process's, which counts the pool thread; less disturbed by a busy machine); then four
 * checks started together, to show the queue (at most two run at once). The numbers go in
 * docs/security.md.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../server/share/password.ts';

const runs = Number(process.argv[2] ?? 9);

function oldHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

async function millis(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

async function timeChecks(label: string, stored: string): Promise<void> {
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < runs; i++) times.push(await millis(() => verifyPassword('correct horse', stored)));
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerCheck = (cpu.user + cpu.system) / 1000 / runs;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
  console.log(
    `${label}: median ${at(0.5)} ms, min ${at(0)} ms, max ${at(1)} ms, CPU ${cpuPerCheck.toFixed(0)} ms per check (${runs} checks)`,
  );
}

console.log(
  `node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim()}), load ${loadavg()[0]!.toFixed(1)}`,
);
const { N, r, p } = SCRYPT_PARAMS;
await timeChecks(`scrypt N=2^${Math.log2(N)} r=${r} p=${p} (today)`, await hashPassword('correct horse'));
await timeChecks('scrypt N=2^14 r=8 p=1 (old)', oldHash('correct horse'));
const current = await hashPassword('correct horse');
const together = await millis(() => Promise.all([1, 2, 3, 4].map(() => verifyPassword('x', current))));
console.log(`4 checks started together: ${together.toFixed(0)} ms until the last answer`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
