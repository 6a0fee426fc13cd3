// The README's "Using the sandbox from your tests" example, copied verbatim (the last test checks it).
import { afterAll, afterEach, expect, it } from 'vitest';
import { startSandbox } from 'antom-sandbox';
import { AntomClient } from 'antom-sandbox/client';

const sandbox = await startSandbox();
afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const antom = new AntomClient({
  gatewayUrl: sandbox.url,
  clientId: sandbox.demoMerchant.clientId, // or your own: sandbox.control.registerMerchant(...)
  privateKey: sandbox.demoMerchant.privateKey,
  antomPublicKey: sandbox.publicKey,
});

const payment = (id: string) => ({
  productCode: 'CASHIER_PAYMENT' as const,
  paymentRequestId: id,
  order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: id, orderDescription: 'Green tea' },
  paymentAmount: { currency: 'KRW', value: '46000' },
  paymentMethod: { paymentMethodType: 'CARD' as const, paymentMethodMetaData: { requireIssuerAuthentication: true } },
  paymentFactor: { isAuthorization: true },
  paymentRedirectUrl: 'https://shop.example/return',
});

it('is paid and captured once the buyer approves', async () => {
  const paid = await antom.pay(payment('order-1'));
  expect(paid.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  await sandbox.control.authorize(paid.paymentId!, { outcome: 'approve', cardBrand: 'HYUNDAI' });
  await sandbox.control.advanceClock(1_000); // automatic capture runs on the virtual clock
  const inquiry = await antom.inquiryPayment({ paymentId: paid.paymentId! });
  expect(inquiry.paymentStatus).toBe('SUCCESS');
  expect(inquiry.transactions?.map((t) => t.transactionType)).toEqual(['CAPTURE']);
});

it('retries an unknown result with the same paymentRequestId', async () => {
  await sandbox.use({ match: { api: 'pay' }, effect: { resultCode: 'UNKNOWN_EXCEPTION' }, times: 1 });
  const paid = await antom.pay(payment('order-2'));
  expect(paid.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  expect(await sandbox.control.payments()).toHaveLength(1);
});

// --- not part of the README example ---
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

it('is exactly the code block the README shows', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the sandbox from your tests'));
  const start = section.indexOf('```ts\n') + '```ts\n'.length;
  const block = section.slice(start, section.indexOf('```\n', start));
  expect(block.length).toBeGreaterThan(500);
  expect(readFileSync(import.meta.filename, 'utf8')).toContain(block);
});
