// Scale: inquiryPayment p99 and sandbox RSS with 1,000 and with 1,000,000 stored payments.
// Target (design.md): p99 at 1M within 1.5× of p99 at 1k; memory flat (state lives in SQLite).
import { fmt, load, mainIfDirect, mb, signRequest, startCli, tempDir } from './lib/common.mjs';
import { seededPaymentId, seedPayments } from './lib/seed.mjs';

async function measure(count, { durationS, connections }) {
  const data = tempDir(`scale-${count}`);
  const seedStarted = performance.now();
  seedPayments(data.file, count);
  const seedS = (performance.now() - seedStarted) / 1000;
  const sandbox = await startCli(['--data', data.file, '--log-level', 'error']);
  try {
    // inquiries of random stored payments, each really signed (inquiry is idempotent: the pool cycles)
    const pool = Array.from({ length: 5_000 }, () => signRequest('inquiryPayment', JSON.stringify({ paymentId: seededPaymentId(Math.floor(Math.random() * count)) })));
    await load({ url: sandbox.url, pool, connections, duration: 2, expectCode: 'SUCCESS' }); // warm-up
    const rssBefore = sandbox.rssBytes();
    const r = await load({ url: sandbox.url, pool, connections, duration: durationS, expectCode: 'SUCCESS' });
    return { count, seedS, p99: r.p99, p50: r.p50, rps: r.rps, rssBefore, rssAfter: sandbox.rssBytes(), wrong: r.wrongResult, non2xx: r.non2xx, bad: r.badSignature };
  } finally {
    await sandbox.stop();
    data.remove();
  }
}

export async function run({ large = Number(process.env.BENCH_SCALE_LARGE ?? 1_000_000), durationS = Number(process.env.BENCH_SCALE_SECONDS ?? 8), connections = 50 } = {}) {
  const small = await measure(1_000, { durationS, connections });
  const big = await measure(large, { durationS, connections });
  const growth = big.p99 / small.p99;
  const rssGrowth = big.rssAfter / small.rssAfter;
  const side = (m) => `${m.count.toLocaleString('en')}: p99 ${fmt(m.p99)} ms (p50 ${fmt(m.p50)}, ${fmt(m.rps)} req/s), RSS ${mb(m.rssAfter)}`;
  const wrong = small.wrong + big.wrong + small.non2xx + big.non2xx + small.bad + big.bad;
  return (
    `scale: inquiryPayment at 50 connections, ${side(small)} | ${side(big)} (seeded in ${fmt(big.seedS)} s); ` +
    `p99 growth ${fmt(growth, 2)}× (target ≤ 1.5: ${growth <= 1.5 ? 'met' : 'NOT met'}), RSS ${fmt(rssGrowth, 2)}× (${rssGrowth <= 1.25 ? 'flat' : 'NOT flat'}); wrong or unsigned answers ${wrong}`
  );
}

await mainIfDirect(import.meta.url, run);
