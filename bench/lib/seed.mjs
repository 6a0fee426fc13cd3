// Seeds a data file with N captured payments through the project's own migrations and store,
// in one transaction (direct inserts: the API would take hours for a million).
import { join } from 'node:path';
import { ROOT } from './common.mjs';

const { openDatabase } = await import(join(ROOT, 'dist', 'emulator', 'storage', 'database.js'));
const { PaymentStore } = await import(join(ROOT, 'dist', 'emulator', 'storage', 'payment-store.js'));

export const seededPaymentId = (i) => `20261201119${String(i).padStart(17, '0')}`;

export function seedPayments(file, count, clientId = 'SANDBOX_DEMO_MERCHANT') {
  const db = openDatabase(file);
  const store = new PaymentStore(db);
  const base = Date.UTC(2026, 10, 1);
  store.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const paymentId = seededPaymentId(i);
      const at = base + i * 1_000;
      const normalUrl = `http://localhost:4180/checkout-page/pages/payment/index.html?sessionData=seed${i}`;
      store.insert({
        paymentId,
        clientId,
        paymentRequestId: `SEED-${i}`,
        referenceOrderId: `ORDER-SEED-${i}`,
        orderDescription: 'Jeju green tea set',
        status: 'SUCCESS',
        resultCode: 'SUCCESS',
        resultMessage: 'success',
        amountValue: 46_000,
        currency: 'KRW',
        createdAt: at,
        expiresAt: at + 14 * 60_000,
        paidAt: at + 30_000,
        cancelledAt: null,
        closedAt: null,
        selectedCardBrand: null,
        cardBrand: 'HYUNDAI',
        cardNo: '949022******9217',
        redirectUrl: 'https://merchant.example/return',
        notifyUrl: null,
        terminalType: 'WEB',
        pageToken: `seed${i}`,
        captureState: 'SUCCESS',
        captureDueAt: null,
        fingerprint: 'KRW|46000|CARD',
        payResponse: JSON.stringify({ result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'payment in process' }, paymentRequestId: `SEED-${i}`, paymentId, normalUrl }),
      });
      store.insertTransaction({
        transactionId: `20261201118${String(i).padStart(17, '0')}`,
        paymentId,
        clientId,
        type: 'CAPTURE',
        status: 'SUCCESS',
        resultCode: 'SUCCESS',
        resultMessage: 'success',
        requestId: `20261201117${String(i).padStart(17, '0')}`,
        amountValue: 46_000,
        currency: 'KRW',
        createdAt: at + 31_000,
        referenceRefundId: null,
        refundReason: null,
        notifyUrl: null,
      });
    }
  });
  db.close();
}
