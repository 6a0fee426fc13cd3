/**
 * The result-code catalogue: every code the sandbox answers with, its status and default
 * message. Every [sandbox choice] of antom-protocol.md lives here, so a choice that turns out
 * to differ from Antom's behaviour is changed in one edit.
 */
export type ResultStatus = 'S' | 'F' | 'U';

export interface ResultCodeEntry {
  readonly status: ResultStatus;
  readonly message: string;
  /** true when antom-protocol.md marks this use of the code as a sandbox choice */
  readonly sandboxChoice?: boolean;
}

export const RESULT_CODES = {
  // generic (protocol §3)
  SUCCESS: { status: 'S', message: 'success' },
  PARAM_ILLEGAL: { status: 'F', message: 'Illegal parameters.' },
  INVALID_SIGNATURE: { status: 'F', message: 'The signature is invalid.' },
  CLIENT_INVALID: { status: 'F', message: 'The client id is not registered with the sandbox.', sandboxChoice: true },
  KEY_NOT_FOUND: { status: 'F', message: 'The key is not found.' },
  ACCESS_DENIED: { status: 'F', message: 'Access is denied.' },
  METHOD_NOT_SUPPORTED: { status: 'F', message: 'The HTTP method is not supported; use POST.' },
  NO_INTERFACE_DEF: { status: 'F', message: 'The API is not defined.' },
  MEDIA_TYPE_NOT_ACCEPTABLE: { status: 'F', message: 'The media type is not acceptable; send application/json.' },
  PROCESS_FAIL: { status: 'F', message: 'A general business failure occurred.' },
  REPEAT_REQ_INCONSISTENT: { status: 'F', message: 'The repeated request is inconsistent with the original one.' },
  REQUEST_TRAFFIC_EXCEED_LIMIT: { status: 'U', message: 'The request traffic exceeds the limit.' },
  UNKNOWN_EXCEPTION: { status: 'U', message: 'An unknown exception occurred; retry the same request or inquire.' },
  // pay, notifyPayment, inquiryPayment
  PAYMENT_IN_PROCESS: { status: 'U', message: 'payment in process' },
  ORDER_IS_CANCELED: { status: 'F', message: 'The order is cancelled.' },
  ORDER_IS_CLOSED: { status: 'F', message: 'The order is closed.', sandboxChoice: true },
  RISK_REJECT: { status: 'F', message: 'The payment is rejected for risk control reasons.' },
  DO_NOT_HONOR: { status: 'F', message: 'The issuing bank declined the payment (do not honor).' },
  INVALID_AMOUNT: { status: 'F', message: 'The issuing bank declined the payment: invalid amount.' },
  CARD_NOT_SUPPORTED: { status: 'F', message: 'The card is not supported.' },
  INVALID_CARD_NUMBER: { status: 'F', message: 'The card number is invalid.' },
  USER_BALANCE_NOT_ENOUGH: { status: 'F', message: 'The card balance is not enough.' },
  USER_AMOUNT_EXCEED_LIMIT: { status: 'F', message: 'The amount exceeds the card limit.' },
  CURRENCY_NOT_SUPPORT: { status: 'F', message: 'The currency is not supported; South Korean cards pay in KRW.' },
  // cancel
  ORDER_NOT_EXIST: { status: 'F', message: 'The order does not exist.' },
  ORDER_STATUS_INVALID: { status: 'F', message: 'The order status is invalid for this operation.' },
  CANCEL_WINDOW_EXCEED: { status: 'F', message: 'The cancellation window (7 days) is exceeded.' },
  // capture
  CAPTURE_IN_PROCESS: { status: 'U', message: 'capture in process' },
  AUTH_CANCELLED: { status: 'F', message: 'The authorization is cancelled.' },
  AUTH_EXPIRED: { status: 'F', message: 'The authorization is expired.' },
  // refund
  REFUND_IN_PROCESS: { status: 'U', message: 'refund in process', sandboxChoice: true },
  REFUND_AMOUNT_EXCEED: { status: 'F', message: 'The total refund amount exceeds the captured amount.' },
  REFUND_WINDOW_EXCEED: { status: 'F', message: 'The refund window (365 days) is exceeded.', sandboxChoice: true },
} as const satisfies Record<string, ResultCodeEntry>;

export type ResultCode = keyof typeof RESULT_CODES;

export interface AntomResult {
  resultCode: string;
  resultStatus: ResultStatus;
  resultMessage: string;
}

export function isResultCode(code: string): code is ResultCode {
  return Object.hasOwn(RESULT_CODES, code);
}

export function resultOf(code: ResultCode, message?: string): AntomResult {
  const entry: ResultCodeEntry = RESULT_CODES[code];
  return { resultCode: code, resultStatus: entry.status, resultMessage: message ?? entry.message };
}

/** Codes an issuer may answer at authentication; the hosted issuer page offers these. */
export const DECLINE_CODES = [
  'DO_NOT_HONOR',
  'USER_BALANCE_NOT_ENOUGH',
  'INVALID_AMOUNT',
  'RISK_REJECT',
  'CARD_NOT_SUPPORTED',
  'INVALID_CARD_NUMBER',
  'USER_AMOUNT_EXCEED_LIMIT',
] as const satisfies readonly ResultCode[];
export type DeclineCode = (typeof DECLINE_CODES)[number];

/** Codes a failed automatic capture may carry (protocol §3, capture: "all F but U"). */
export const CAPTURE_FAILURE_CODES = [
  'PROCESS_FAIL',
  'AUTH_CANCELLED',
  'AUTH_EXPIRED',
  'ORDER_STATUS_INVALID',
] as const satisfies readonly ResultCode[];
export type CaptureFailureCode = (typeof CAPTURE_FAILURE_CODES)[number];

/**
 * Sandbox choices that are not a single code but a rule; the emulator reads them from here.
 */
export const SANDBOX_RULES = {
  /** protocol §5: a payment nobody completes closes after 14 minutes */
  defaultPaymentExpiryMs: 14 * 60 * 1000,
  /** protocol §5: cancel later than 7 days after creation is refused */
  cancelWindowMs: 7 * 24 * 60 * 60 * 1000,
  /** protocol §8: refunds are accepted for 365 days after the payment */
  refundWindowMs: 365 * 24 * 60 * 60 * 1000,
  /** protocol §5 void rejection: the code and message for cancel after authorization */
  voidAfterAuthorization: {
    code: 'ORDER_STATUS_INVALID',
    message: 'The payment is already authorized and cannot be cancelled (voided); refund it instead.',
  },
  /** protocol §5: capture on this payment method, which captures automatically */
  manualCaptureRejected: {
    code: 'ORDER_STATUS_INVALID',
    message: 'This payment method is captured automatically; capture cannot be called.',
  },
  /** protocol §4: captureMode MANUAL on pay */
  manualCaptureModeOnPay: {
    code: 'PARAM_ILLEGAL',
    message: 'paymentFactor.captureMode: MANUAL is not supported; South Korean issuer-authenticated cards are captured automatically (send AUTOMATIC or omit it).',
  },
  /** protocol §5: the code a payment closed by expiry carries */
  expiredPaymentCode: 'ORDER_IS_CLOSED',
  /** protocol §6: reusing a paymentRequestId of a payment that ended in FAIL (declined or expired) */
  reusedFailedPaymentCode: 'ORDER_IS_CLOSED',
  /** protocol §8: refund of an authorized payment whose capture failed */
  refundWithoutCaptureCode: 'ORDER_STATUS_INVALID',
  /** protocol §2: notifications are signed over the notify URL's path without its query string */
  notificationSignedPathIncludesQuery: false,
  /** protocol §7/§8: unknown refund on inquiryRefund */
  unknownRefundCode: 'ORDER_NOT_EXIST',
} as const;
