/**
 * `node bench/password/sign-in-timing.ts [runs]`: does a wrong name cost what a wrong password costs? Times the
 * dashboard's password check (server/auth/password-hash.ts) for a user with a password and for a name with none,
 * interleaved so a busy machine disturbs both alike, and prints both medians and their ratio (1.0: the same).
 */
import { availableParallelism, loadavg } from 'node:os';
import { checkAccountPassword, hashPassword } from '../../server/auth/password-hash.ts';

const runs = Number(process.argv[2] ?? 15);
const stored = await hashPassword('the right passphrase');
const known: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < runs; i++) {
  for (const [times, hash] of [
    [known, stored],
    [unknown, undefined],
  ] as const) {
    const start = performance.now();
    await checkAccountPassword('a wrong passphrase', hash);
    times.push(performance.now() - start);
  }
}
const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
console.log(`${availableParallelism()} CPUs, load ${loadavg()[0]!.toFixed(1)}, ${runs} checks each`);
console.log(`known user, wrong password: median ${median(known).toFixed(0)} ms`);
console.log(`unknown user:               median ${median(unknown).toFixed(0)} ms`);
console.log(`ratio unknown/known: ${(median(unknown) / median(known)).toFixed(2)}`);
