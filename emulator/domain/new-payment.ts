import {
  AntomError,
  assertSupportedCurrency,
  formatAntomTime,
  normalizeCardBrand,
  parseAmountValue,
  parseAntomTime,
  resultOf,
  SANDBOX_RULES,
  type CardBrand,
  type ParsedPayRequest,
  type PayResponse,
} from '../../protocol/index.js';
import { computeExpiresAt, payFingerprint } from './payment-rules.js';
import type { PaymentRecord } from './records.js';

/**
 * A new pay, as plain functions (protocol §4): what a pay request asks for once its business rules
 * are checked, and the payment record and answer it creates. The ids, the page address and the
 * time are passed in; services/payment-service.ts owns the transaction around them.
 */
export interface PayTerms {
  value: number;
  currency: string;
  /** a brand chosen on the merchant's own page: the buyer goes straight to its issuer */
  brand: CardBrand | undefined;
  requestedExpiry: number | undefined;
  /** what a repeated paymentRequestId must match (protocol §6) */
  fingerprint: string;
}

/** The rules a pay must meet beyond its shape (zod checked that), each failure naming its field. */
export function checkPayRequest(request: ParsedPayRequest): PayTerms {
  const value = parseAmountValue(request.paymentAmount.value, 'paymentAmount.value');
  const currency = request.paymentAmount.currency;
  parseAmountValue(request.order.orderAmount.value, 'order.orderAmount.value');
  if (request.order.orderAmount.currency !== currency) {
    throw new AntomError('PARAM_ILLEGAL', `order.orderAmount.currency: "${request.order.orderAmount.currency}" differs from paymentAmount.currency "${currency}".`);
  }
  assertSupportedCurrency(currency);
  if (request.paymentFactor?.captureMode === 'MANUAL') {
    const { code, message } = SANDBOX_RULES.manualCaptureModeOnPay;
    throw new AntomError(code, message);
  }
  if (request.paymentFactor?.isAuthorization === false) {
    throw new AntomError('PARAM_ILLEGAL', 'paymentFactor.isAuthorization: must be true for card payments.');
  }
  return {
    value,
    currency,
    brand: selectedBrand(request),
    requestedExpiry: request.paymentExpiryTime === undefined ? undefined : parseExpiry(request.paymentExpiryTime),
    fingerprint: payFingerprint(currency, value, request.paymentMethod.paymentMethodType),
  };
}

/** The PROCESSING payment a pay creates, and the PAYMENT_IN_PROCESS answer stored with it for replays. */
export function newPayment(input: {
  clientId: string;
  request: ParsedPayRequest;
  terms: PayTerms;
  paymentId: string;
  pageToken: string;
  normalUrl: string;
  now: number;
}): { payment: PaymentRecord; response: PayResponse } {
  const { clientId, request, terms, paymentId, pageToken, normalUrl, now } = input;
  const response: PayResponse = {
    result: resultOf('PAYMENT_IN_PROCESS'),
    paymentRequestId: request.paymentRequestId,
    paymentId,
    paymentAmount: { currency: terms.currency, value: String(terms.value) },
    paymentCreateTime: formatAntomTime(now),
    normalUrl,
    redirectActionForm: { method: 'GET', redirectUrl: normalUrl },
    paymentActionForm: JSON.stringify({ method: 'GET', paymentActionFormType: 'RedirectActionForm', redirectUrl: normalUrl }),
  };
  const payment: PaymentRecord = {
    paymentId,
    clientId,
    paymentRequestId: request.paymentRequestId,
    referenceOrderId: request.order.referenceOrderId,
    orderDescription: request.order.orderDescription,
    status: 'PROCESSING',
    resultCode: 'PAYMENT_IN_PROCESS',
    resultMessage: response.result.resultMessage,
    amountValue: terms.value,
    currency: terms.currency,
    createdAt: now,
    expiresAt: computeExpiresAt(now, terms.requestedExpiry),
    paidAt: null,
    cancelledAt: null,
    closedAt: null,
    selectedCardBrand: terms.brand ?? null,
    cardBrand: null,
    cardNo: null,
    redirectUrl: request.paymentRedirectUrl,
    notifyUrl: request.paymentNotifyUrl ?? null,
    terminalType: request.env?.terminalType ?? null,
    pageToken,
    captureState: 'NONE',
    captureDueAt: null,
    fingerprint: terms.fingerprint,
    payResponse: JSON.stringify(response),
  };
  return { payment, response };
}

function selectedBrand(request: ParsedPayRequest): CardBrand | undefined {
  const meta = request.paymentMethod.paymentMethodMetaData?.selectedCardBrand;
  if (meta !== undefined) return normalizeCardBrand(meta, 'paymentMethod.paymentMethodMetaData.selectedCardBrand');
  const direct = request.paymentMethod.selectedCardBrand;
  if (direct !== undefined) return normalizeCardBrand(direct, 'paymentMethod.selectedCardBrand');
  return undefined;
}

function parseExpiry(text: string): number {
  const at = parseAntomTime(text);
  if (at === undefined) throw new AntomError('PARAM_ILLEGAL', `paymentExpiryTime: "${text}" is not ISO 8601 with an offset (e.g. 2026-11-23T18:09:37+09:00).`);
  return at;
}
