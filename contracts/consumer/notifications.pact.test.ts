/**
 * Notifications (protocol §9) as V4 asynchronous messages: the reference client's
 * verifyNotification must accept what the sandbox sends. The metadata carries the headers of
 * the delivery (client-id, request-time, signature) by format; the examples truly sign the
 * example body, so the client verifies them here exactly as it does on a live delivery.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { verifyNotification } from '../../client/index.js';
import { amount, antomTime, canonicalJson, CLIENT_ID, id, NOTIFY_PATH, referenceClientPact, sandboxPublicKey, signedNotificationMetadata } from './pact-support.js';

const { like, regex } = MatchersV3;
const pact = referenceClientPact();

/** The integration's notification endpoint, minus HTTP: verify, then hand over the typed body. */
function receive(message: { contents: { content: unknown }; metadata: Record<string, unknown> }) {
  const content = message.contents.content;
  // Pact hands the message over parsed; the example signature covers its canonical JSON bytes
  // (pact-support.ts), which stand in for the raw body of a live delivery
  const raw = Buffer.isBuffer(content) ? content.toString('utf8') : canonicalJson(content);
  return verifyNotification(raw, message.metadata as Record<string, string>, NOTIFY_PATH, { antomPublicKey: sandboxPublicKey, clientId: CLIENT_ID });
}

async function expectMessage(state: string, description: string, proves: string, body: Record<string, unknown>, check: (n: any) => void): Promise<void> {
  await pact
    .addAsynchronousInteraction()
    .given(state)
    .comment(`proves: ${proves}`)
    .expectsToReceive(description, (b) => b.withJSONContent(body).withMetadata(signedNotificationMetadata(body) as never))
    .executeTest(async (message) => {
      check(receive(message as never));
    });
}

const paymentCore = {
  paymentRequestId: id('PAY-REQ-0001'),
  paymentId: id('20261201190000000001'),
  paymentAmount: amount('46000'),
  paymentCreateTime: antomTime(),
};
const cardInfo = { cardBrand: regex(/^[A-Z_]+$/, 'HYUNDAI'), issuingCountry: 'KR', paymentMethodRegion: 'KR', lastFour: regex(/^\d{4}$/, '9217') };

describe('notifications', () => {
  it('PAYMENT_RESULT with result S after the issuer approved', async () => {
    const body = {
      notifyType: 'PAYMENT_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: like('success') },
      ...paymentCore,
      paymentTime: antomTime(),
      paymentResultInfo: cardInfo,
    };
    await expectMessage('an authorized payment awaiting capture', 'a PAYMENT_RESULT notification of an authorized payment', 'after approval the merchant is told PAYMENT_RESULT S, signed by Antom, with the card brand', body, (n) => {
      expect(n.notifyType).toBe('PAYMENT_RESULT');
      expect(n.result.resultStatus).toBe('S');
      expect(n.paymentTime).toBeDefined();
    });
  });

  it('PAYMENT_RESULT with result F after the issuer declined', async () => {
    const body = {
      notifyType: 'PAYMENT_RESULT',
      result: { resultCode: regex(/^[A-Z_]+$/, 'DO_NOT_HONOR'), resultStatus: 'F', resultMessage: like('do not honor') },
      ...paymentCore,
    };
    await expectMessage('a failed payment', 'a PAYMENT_RESULT notification of a declined payment', 'a decline is told as PAYMENT_RESULT F with the issuer code', body, (n) => {
      expect(n.result.resultStatus).toBe('F');
      expect(n.result.resultCode).toBe('DO_NOT_HONOR');
    });
  });

  it('CAPTURE_RESULT with result S after the automatic capture', async () => {
    const body = {
      notifyType: 'CAPTURE_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: like('success') },
      captureRequestId: id('CAPTURE-0001'),
      captureId: id('20261201190000000002'),
      paymentId: id('20261201190000000001'),
      captureAmount: amount('46000'),
      captureTime: antomTime(),
    };
    await expectMessage('an authorized and captured payment', 'a CAPTURE_RESULT notification of the automatic capture', 'the automatic capture is told separately as CAPTURE_RESULT S for the full amount', body, (n) => {
      expect(n.notifyType).toBe('CAPTURE_RESULT');
      expect(n.captureAmount).toEqual({ currency: 'KRW', value: '46000' });
    });
  });
});
