// Before/after on a busy machine: `node bench/compare.mjs <baseline dist/cli/antom-sandbox.js> [rounds]`
// runs the start-up and pay benchmarks against the baseline build and this one alternately, minute
// by minute, and prints each pair and the after/before ratios of the medians. Ratios taken this way
// survive a shared machine better than numbers from separate runs. BENCH_COMPARE=startup,pay picks.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, machine, median } from './lib/common.mjs';

const [baseline, roundsArg] = process.argv.slice(2);
if (!baseline || !existsSync(baseline)) throw new Error('usage: node bench/compare.mjs <baseline dist/cli/antom-sandbox.js> [rounds]');
const rounds = Number(roundsArg ?? 3);

/** What each benchmark's line reports, pulled out by name (lower is better unless noted). */
const METRICS = {
  startup: {
    file: 'startup.mjs',
    env: { BENCH_STARTUP_RUNS: process.env.BENCH_STARTUP_RUNS ?? '5' },
    read: (line) => ({ 'healthy ms': num(/median (\d+) ms/, line), 'CPU ms': num(/median CPU time (\d+) ms/, line) }),
  },
  pay: {
    file: 'pay-throughput.mjs',
    env: { BENCH_PAY_REQUESTS: process.env.BENCH_PAY_REQUESTS ?? '10000' },
    read: (line) => ({
      'req/s (higher is better)': num(/pay: (\d+) req\/s/, line),
      'ratio to signing (higher is better)': num(/ratio ([\d.]+)/, line),
      'p50 ms': num(/p50 ([\d.]+) ms/, line),
      'p99 ms': num(/p99 ([\d.]+) ms/, line),
      'p99/p50': num(/p99 ([\d.]+) ms/, line) / num(/p50 ([\d.]+) ms/, line),
      'sandbox CPU ms/request': num(/sandbox CPU ([\d.]+) ms/, line),
      'event-loop CPU ms/request': num(/event loop ([\d.]+)\)/, line),
    }),
  },
};
const num = (re, line) => Number(re.exec(line)?.[1] ?? NaN);

const picked = (process.env.BENCH_COMPARE ?? 'startup,pay').split(',').map((s) => s.trim());
console.log(machine());
for (const name of picked) {
  const bench = METRICS[name];
  if (!bench) throw new Error(`BENCH_COMPARE: unknown "${name}"; known: ${Object.keys(METRICS).join(', ')}`);
  const seen = { before: [], after: [] };
  for (let round = 1; round <= rounds; round += 1) {
    for (const [label, cli] of [['before', baseline], ['after', CLI]]) {
      const line = execFileSync(process.execPath, [join(ROOT, 'bench', bench.file)], { env: { ...process.env, ...bench.env, BENCH_CLI: cli }, encoding: 'utf8' }).trim();
      console.log(`${name} round ${round} ${label.padEnd(6)} ${line}`);
      seen[label].push(bench.read(line));
    }
  }
  for (const metric of Object.keys(seen.after[0])) {
    const before = median(seen.before.map((m) => m[metric]));
    const after = median(seen.after.map((m) => m[metric]));
    console.log(`${name} ${metric}: median before ${before.toFixed(2)}, after ${after.toFixed(2)}, after/before ${(after / before).toFixed(2)}`);
  }
}
