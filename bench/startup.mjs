// Start-up to healthy: spawn the built CLI on a fresh data file, poll /_sandbox/health.
// Target (design.md): ≤ 300 ms. Several runs; the median is the number.
import { fmt, mainIfDirect, median, startCli, tempDir } from './lib/common.mjs';

export async function run({ runs = Number(process.env.BENCH_STARTUP_RUNS ?? 7) } = {}) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < runs; i += 1) {
    const data = tempDir('startup');
    const sandbox = await startCli(['--data', data.file]);
    times.push(sandbox.readyMs);
    cpu.push(sandbox.readyCpuMs);
    await sandbox.stop();
    data.remove();
  }
  const mid = median(times);
  return `startup: spawn to /_sandbox/health 200 median ${fmt(mid)} ms (min ${fmt(Math.min(...times))}, max ${fmt(Math.max(...times))}, ${runs} runs, fresh file DB; median CPU time ${fmt(median(cpu))} ms); target ≤ 300 ms: ${mid <= 300 ? 'met' : 'NOT met'}`;
}

await mainIfDirect(import.meta.url, run);
