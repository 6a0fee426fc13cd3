import { randomUUID } from 'node:crypto';
import { formatAntomTime, parseWire, payRequestSchema, type NotifyType } from '../../protocol/index.js';
import type { SandboxServices } from '../services/sandbox-services.js';

/**
 * The provider states a consumer pact may name, created through the domain services exactly as
 * real API calls and buyer actions would create them. `antom-sandbox verify` and the contract
 * tests share them, so the names below are a public, documented contract: do not rename them.
 *
 * Every state handler answers with values the pact can inject into its request through
 * provider-state generators (`fromProviderState('${paymentId}', …)`): `paymentId`,
 * `paymentRequestId`, and for the refund state also `refundId` and `refundRequestId`.
 */
export const PROVIDER_STATES = {
  'a payment in process': 'pay was called; the buyer has not authenticated yet (PROCESSING)',
  'an authorized payment awaiting capture': 'the issuer approved it (SUCCESS); the automatic capture has not run yet',
  'an authorized and captured payment': 'approved, then captured automatically (SUCCESS with a CAPTURE transaction)',
  'a failed payment': 'the issuer declined it with DO_NOT_HONOR (FAIL)',
  'a cancelled payment': 'the merchant cancelled it before authorization (CANCELLED)',
  'a captured payment with a refund': 'captured, then partially refunded (KRW 10000 of 46000)',
} as const;
export type ProviderStateName = keyof typeof PROVIDER_STATES;

/** The amount every state's payment is created with, and the refund of the refund state. */
export const STATE_PAYMENT_AMOUNT = { currency: 'KRW', value: '46000' } as const;
export const STATE_REFUND_AMOUNT = { currency: 'KRW', value: '10000' } as const;

export interface StateValues {
  paymentId: string;
  paymentRequestId: string;
  refundId?: string;
  refundRequestId?: string;
}

export interface ProviderStates {
  /** state name → handler returning the values to inject; unknown names are not in the map */
  handlers: Record<ProviderStateName, () => Promise<StateValues>>;
  /** the payment of the state set up last (message providers read its notifications) */
  current(): StateValues | undefined;
  /** the newest notification of a type for the current state's payment, signed as delivered */
  notificationOf(type: NotifyType): Promise<SignedNotification>;
}

export interface SignedNotification {
  body: Record<string, unknown>;
  /** the headers the sandbox sends with it (protocol §2): client-id, request-time, signature */
  headers: Record<string, string>;
}

/** Builds the state handlers for one sandbox, acting as the merchant `clientId`. */
export function createProviderStates(services: SandboxServices, clientId: string): ProviderStates {
  let current: StateValues | undefined;
  const { payments, clock, scheduler } = services;

  const pay = (): StateValues => {
    const paymentRequestId = `STATE-${randomUUID()}`;
    const request = parseWire(payRequestSchema, {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId,
      order: { orderAmount: STATE_PAYMENT_AMOUNT, referenceOrderId: `ORDER-${paymentRequestId}`, orderDescription: 'Provider state payment' },
      paymentAmount: STATE_PAYMENT_AMOUNT,
      paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true } },
      paymentFactor: { isAuthorization: true },
      paymentRedirectUrl: 'https://merchant.example/return',
    });
    const response = payments.pay(clientId, request);
    // a good pay always answers with a paymentId (PAYMENT_IN_PROCESS)
    return { paymentId: response.paymentId!, paymentRequestId };
  };
  const authorize = (values: StateValues): StateValues => {
    payments.authorize(values.paymentId, { outcome: 'approve', cardBrand: 'HYUNDAI' });
    return values;
  };
  // the automatic capture falls due captureDelay later on the virtual clock (protocol §5)
  const capture = (values: StateValues): StateValues => {
    clock.advance(services.config.captureDelayMs);
    scheduler.runNow();
    return values;
  };
  const set = (values: StateValues): StateValues => {
    current = values;
    return values;
  };

  const handlers: ProviderStates['handlers'] = {
    'a payment in process': async () => set(pay()),
    'an authorized payment awaiting capture': async () => set(authorize(pay())),
    'an authorized and captured payment': async () => set(capture(authorize(pay()))),
    'a failed payment': async () => {
      const values = pay();
      payments.authorize(values.paymentId, { outcome: 'decline', resultCode: 'DO_NOT_HONOR', cardBrand: 'HYUNDAI' });
      return set(values);
    },
    'a cancelled payment': async () => {
      const values = pay();
      payments.cancel(clientId, { paymentId: values.paymentId });
      return set(values);
    },
    'a captured payment with a refund': async () => {
      const values = capture(authorize(pay()));
      const refundRequestId = `STATE-REFUND-${randomUUID()}`;
      const refund = payments.refund(clientId, { refundRequestId, paymentId: values.paymentId, refundAmount: STATE_REFUND_AMOUNT });
      return set({ ...values, refundRequestId, refundId: refund.refundId! });
    },
  };

  return {
    handlers,
    current: () => current,
    async notificationOf(type) {
      const paymentId = current?.paymentId;
      if (!paymentId) throw new Error(`No provider state was set up before the ${type} message; give the message a state (e.g. "an authorized and captured payment").`);
      const notification = services.notifications.ofPayment(paymentId).filter((n) => n.notifyType === type).at(-1);
      if (!notification) throw new Error(`The state's payment ${paymentId} has no ${type} notification; pick a state that produces one.`);
      // signed as the outbox signs a delivery: POST and the path of the notify URL
      const path = notification.url ? new URL(notification.url).pathname : '/';
      const time = formatAntomTime(clock.now());
      const signature = await services.signer.signatureHeader({ method: 'POST', path, clientId: notification.clientId, time, body: notification.body });
      return {
        body: JSON.parse(notification.body) as Record<string, unknown>,
        headers: { 'client-id': notification.clientId, 'request-time': time, signature },
      };
    },
  };
}

/** Which notification a message interaction asks for, read from its description. */
export function notifyTypeOfDescription(description: string): NotifyType {
  const text = description.toUpperCase();
  if (text.includes('CAPTURE')) return 'CAPTURE_RESULT';
  if (text.includes('REFUND')) return 'REFUND_RESULT';
  return 'PAYMENT_RESULT';
}
