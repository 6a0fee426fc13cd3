import type { AntomNotification } from '../../protocol/index.js';
import type { CaseGroup, Expectation } from './check-types.js';
import type { SyntheticNotifications } from './synthetic-payments.js';

/** How a delivery is signed; null means no `signature` header at all. */
export interface SignaturePlan {
  /** sandbox: Antom's key (the one the merchant trusts); stranger: a key nobody registered */
  key: 'sandbox' | 'stranger';
  /** the client id the signature covers; default the one in the client-id header */
  clientId?: string;
  /** the body the signature covers; default the body sent */
  body?: string;
  /** standard: the order the SDKs write; reordered: keys reversed, a space after each comma */
  header: 'standard' | 'reordered';
}

export interface DeliveryPlan {
  body: string;
  clientId: string;
  signature: SignaturePlan | null;
}

export interface CheckCase {
  id: string;
  title: string;
  group: CaseGroup;
  required: boolean;
  expect: Expectation;
  /** said when the case fails: what the endpoint got wrong and how to fix it */
  fix: string;
  deliveries: DeliveryPlan[];
}

/** A client id no merchant holds: a notification meant for someone else. */
export const OTHER_CLIENT_ID = 'SANDBOX_ANTOM_CHECK_OTHER_MERCHANT';

const compact = (body: AntomNotification) => JSON.stringify(body);
const signed = (header: SignaturePlan['header'] = 'standard'): SignaturePlan => ({ key: 'sandbox', header });

function withAmount(body: AntomNotification, value: string): string {
  if (body.notifyType !== 'PAYMENT_RESULT') throw new Error('only a payment result carries paymentAmount');
  return JSON.stringify({ ...body, paymentAmount: { ...body.paymentAmount, value } });
}

const ACK_FIX = 'answer HTTP 200 with exactly {"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}} once the notification is verified and stored; anything else makes Antom deliver it again, up to 8 times in 24 hours';
const SIGNED_TEXT = '"POST <notify path>\\n<client-id>.<request-time>.<raw body>"';

/**
 * The suite, in the order it runs (issue #20). Genuine notifications must be acknowledged;
 * forged ones must not; two harmless variations of the wire format must still be accepted;
 * repeats and out-of-order deliveries must be acknowledged each time.
 */
export function planCases(clientId: string, n: SyntheticNotifications): CheckCase[] {
  const forgedBody = compact(n.forgedSuccess);
  const genuine = (id: string, title: string, body: AntomNotification): CheckCase => ({
    id,
    title,
    group: 'genuine',
    required: true,
    expect: 'ack',
    fix: ACK_FIX,
    deliveries: [{ body: compact(body), clientId, signature: signed() }],
  });
  const forged = (id: string, title: string, delivery: DeliveryPlan, fix: string): CheckCase => ({
    id,
    title,
    group: 'forged',
    required: true,
    expect: 'reject',
    fix,
    deliveries: [delivery],
  });
  const prettyBody = JSON.stringify(n.repeatedPayment, null, 2);
  return [
    genuine('genuine-payment-success', 'PAYMENT_RESULT S, correctly signed, is acknowledged', n.paymentSuccess),
    genuine('genuine-payment-failure', 'PAYMENT_RESULT F, correctly signed, is acknowledged', n.paymentFailure),
    genuine('genuine-capture', 'CAPTURE_RESULT, correctly signed, is acknowledged', n.capture),
    genuine('genuine-refund', 'REFUND_RESULT, correctly signed, is acknowledged', n.refund),
    forged('forged-unsigned', 'a PAYMENT_RESULT S without a signature header is not acknowledged', { body: forgedBody, clientId, signature: null }, 'refuse a notification without a signature header: answer 401, never the acknowledgement'),
    forged('forged-other-key', 'a PAYMENT_RESULT S signed by another key is not acknowledged', { body: forgedBody, clientId, signature: { key: 'stranger', header: 'standard' } }, `verify with Antom's public key (the sandbox's: antom-sandbox keys) over ${SIGNED_TEXT}, and answer 401 when it does not verify`),
    forged(
      'forged-signature-of-other-body',
      "a PAYMENT_RESULT S carrying Antom's valid signature of a different body is not acknowledged",
      { body: forgedBody, clientId, signature: { key: 'sandbox', header: 'standard', body: compact(n.forgedFailure) } },
      `verify the signature over the body received (${SIGNED_TEXT}): a well-formed signature of something else proves nothing`,
    ),
    forged(
      'forged-tampered-amount',
      'a genuine PAYMENT_RESULT S whose paymentAmount was changed after signing is not acknowledged',
      { body: withAmount(n.paymentSuccess, '100'), clientId, signature: { key: 'sandbox', header: 'standard', body: compact(n.paymentSuccess) } },
      'verify over the raw body before reading it, and before looking the order up: a changed byte must fail verification',
    ),
    forged(
      'forged-wrong-client-id',
      "a PAYMENT_RESULT S validly signed for another merchant's client-id is not acknowledged",
      { body: forgedBody, clientId: OTHER_CLIENT_ID, signature: signed() },
      "check that the client-id header is your own: Antom's signature on another merchant's notification is valid too (the reference client's clientId option)",
    ),
    {
      id: 'tolerated-signature-header',
      title: 'a signature header with its keys reordered and spaces after the commas is accepted',
      group: 'tolerated',
      required: true,
      expect: 'ack',
      fix: 'parse the signature header tolerantly: split on commas, trim, find "signature=" by name (not the third item), URL-decode it',
      deliveries: [{ body: compact(n.repeatedPayment), clientId, signature: signed('reordered') }],
    },
    {
      id: 'tolerated-pretty-json',
      title: 'a pretty-printed JSON body, signed as sent, is accepted',
      group: 'tolerated',
      required: true,
      expect: 'ack',
      fix: 'verify the raw body bytes as they arrived, never JSON.stringify(JSON.parse(body)): the signature covers the bytes, whitespace included',
      deliveries: [{ body: prettyBody, clientId, signature: signed() }],
    },
    {
      id: 'delivery-duplicate',
      title: 'the same PAYMENT_RESULT delivered twice is acknowledged both times',
      group: 'delivery',
      required: true,
      expect: 'ack',
      fix: 'Antom delivers at least once: treat a repeat as already handled (do not ship twice) and acknowledge it again, or Antom keeps retrying',
      deliveries: [
        { body: compact(n.repeatedPayment), clientId, signature: signed() },
        { body: compact(n.repeatedPayment), clientId, signature: signed() },
      ],
    },
    {
      id: 'delivery-capture-first',
      title: 'CAPTURE_RESULT before PAYMENT_RESULT: both are acknowledged',
      group: 'delivery',
      required: true,
      expect: 'ack',
      fix: 'notifications can arrive in any order: record a capture for an order not yet marked paid (or inquire) and acknowledge it, then acknowledge the payment result',
      deliveries: [
        { body: compact(n.reorderedCapture), clientId, signature: signed() },
        { body: compact(n.reorderedPayment), clientId, signature: signed() },
      ],
    },
  ];
}

/** The --with-inquiry case: watched in the request journal, reported, never failed. */
export const INQUIRY_CASE: CheckCase = {
  id: 'inquiry-after-notification',
  title: 'after a notification, the integration calls inquiryPayment instead of trusting the body',
  group: 'inquiry',
  required: false,
  expect: 'observe',
  fix: 'consider confirming a notification with inquiryPayment before shipping: it catches forgeries a verification bug would let through',
  deliveries: [],
};

/** The groups --only accepts besides case ids. */
export const CASE_GROUPS: readonly string[] = ['genuine', 'forged', 'tolerated', 'delivery', 'inquiry'];

/**
 * Keeps the cases named in `only` (case ids or group names); none given keeps all. Unknown
 * names come back in `unknown` so the caller can say which names exist.
 */
export function selectCases(cases: readonly CheckCase[], only: readonly string[] | undefined): { cases: CheckCase[]; unknown: string[] } {
  if (!only || only.length === 0) return { cases: [...cases], unknown: [] };
  const unknown = only.filter((name) => !cases.some((c) => c.id === name || c.group === name) && !CASE_GROUPS.includes(name));
  return { cases: cases.filter((c) => only.includes(c.id) || only.includes(c.group)), unknown };
}
