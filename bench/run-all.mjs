// npm run bench: every benchmark in one run, one summary line each (ratios are comparable only
// within one run on one machine). Set BENCH_ONLY=startup,pay,scale,notifications,wal-frames to pick.
import { machine, requireBuild } from './lib/common.mjs';

const BENCHES = {
  startup: () => import('./startup.mjs'),
  pay: () => import('./pay-throughput.mjs'),
  scale: () => import('./scale.mjs'),
  notifications: () => import('./notifications.mjs'),
  'wal-frames': () => import('./wal-frames.mjs'),
};

requireBuild();
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : Object.keys(BENCHES);
const lines = [machine()];
let failed = false;
for (const name of only) {
  if (!BENCHES[name]) throw new Error(`BENCH_ONLY: unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
  process.stderr.write(`bench: running ${name}…\n`);
  try {
    const { run } = await BENCHES[name]();
    const line = await run();
    process.stderr.write(`${line}\n`);
    lines.push(line);
  } catch (error) {
    failed = true;
    lines.push(`${name}: FAILED ${error?.stack ?? error}`);
  }
}
console.log(`\n${lines.join('\n')}`);
process.exit(failed ? 1 : 0);
