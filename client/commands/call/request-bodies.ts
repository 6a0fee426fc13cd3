import { randomBytes } from 'node:crypto';
import type { AntomApi } from '../../../protocol/index.js';
import { UsageError } from '../command-options.js';

/** The friendly flags of `antom-sandbox call`; each API uses the ones it needs. */
export interface FriendlyFlags {
  amount?: string | undefined;
  brand?: string | undefined;
  'notify-url'?: string | undefined;
  'redirect-url'?: string | undefined;
  description?: string | undefined;
  'payment-request-id'?: string | undefined;
  'payment-id'?: string | undefined;
  'refund-request-id'?: string | undefined;
  'refund-id'?: string | undefined;
}

export const FRIENDLY_HELP = [
  '  pay:           --amount <KRW> (default 46000)  --brand <HYUNDAI|SAMSUNG|...> (straight to that issuer)',
  '                 --redirect-url <url> (default http://localhost:3000/antom/return)  --notify-url <url>',
  '                 --description <text>  --payment-request-id <id> (default: a new one)',
  '  inquiryPayment, cancel:  --payment-id <id> or --payment-request-id <id>',
  '  refund:        --payment-id <id> --amount <KRW>  --refund-request-id <id> (default: a new one)',
  '  inquiryRefund: --refund-id <id> or --refund-request-id <id>',
];

const KRW = (value: string) => ({ currency: 'KRW', value });

/** A request id that does not repeat: the time to the second, then 48 random bits. */
export function newRequestId(prefix: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(6).toString('hex')}`;
}

function wonAmount(text: string | undefined, fallback?: string): string {
  const value = text ?? fallback;
  if (value === undefined) throw new UsageError('--amount <KRW> is required here.');
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new UsageError(`--amount: "${value}" is not a whole number of won (KRW has no minor unit), e.g. 46000.`);
  return value;
}

function oneOf(flags: FriendlyFlags, names: Array<keyof FriendlyFlags>, wire: string[]): Record<string, string> {
  const given = names.flatMap((name, i) => (flags[name] ? [[wire[i]!, flags[name]!] as const] : []));
  if (given.length !== 1) throw new UsageError(`Give exactly one of ${names.map((n) => `--${n}`).join(' or ')} (or the whole body with --json).`);
  return Object.fromEntries(given);
}

/** The body `call` sends when no --json is given; the caller's flags fill in what matters. */
export function friendlyBody(api: AntomApi, flags: FriendlyFlags): Record<string, unknown> {
  switch (api) {
    case 'pay': {
      const id = flags['payment-request-id'] ?? newRequestId('cli-pay');
      const amount = KRW(wonAmount(flags.amount, '46000'));
      const brand = flags.brand ? { selectedCardBrand: flags.brand.toUpperCase() } : {};
      return {
        productCode: 'CASHIER_PAYMENT',
        paymentRequestId: id,
        order: { orderAmount: amount, referenceOrderId: id, orderDescription: flags.description ?? 'antom-sandbox call pay' },
        paymentAmount: amount,
        paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true, ...brand } },
        paymentFactor: { isAuthorization: true },
        paymentRedirectUrl: flags['redirect-url'] ?? 'http://localhost:3000/antom/return',
        ...(flags['notify-url'] ? { paymentNotifyUrl: flags['notify-url'] } : {}),
        env: { terminalType: 'WEB' },
      };
    }
    case 'inquiryPayment':
    case 'cancel':
      return oneOf(flags, ['payment-id', 'payment-request-id'], ['paymentId', 'paymentRequestId']);
    case 'refund': {
      if (!flags['payment-id']) throw new UsageError('refund needs --payment-id <id> and --amount <KRW> (or the whole body with --json).');
      return {
        refundRequestId: flags['refund-request-id'] ?? newRequestId('cli-refund'),
        paymentId: flags['payment-id'],
        refundAmount: KRW(wonAmount(flags.amount)),
      };
    }
    case 'inquiryRefund':
      return oneOf(flags, ['refund-id', 'refund-request-id'], ['refundId', 'refundRequestId']);
    case 'capture':
      throw new UsageError('capture takes its body from --json <file|-> (this method is captured automatically: the sandbox answers ORDER_STATUS_INVALID).');
  }
}
