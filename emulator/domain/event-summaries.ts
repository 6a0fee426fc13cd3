import type { Actor, EventCause } from './event-causes.js';
import type { Bilingual } from './magic-amount-names.js';

export interface SummarizedEvent {
  type: string;
  detail: Record<string, unknown> | null;
  cause: EventCause | null;
}

const ACTOR_EN: Record<Actor, string> = { buyer: 'the buyer on the issuer page', 'control-api': 'the control API', 'control-page': 'the control page' };
const ACTOR_KO: Record<Actor, string> = { buyer: '카드사 페이지의 구매자', 'control-api': '제어 API', 'control-page': '제어 페이지' };
const WHO_EN: Record<Actor, string> = { buyer: 'the buyer', 'control-api': 'the control API', 'control-page': 'the control page' };
const WHO_KO: Record<Actor, string> = { buyer: '구매자', 'control-api': '제어 API', 'control-page': '제어 페이지' };
const ASKED_EN = { approve: 'approved', decline: 'declined', abandon: 'left' } as const;
const ASKED_KO = { approve: '승인', decline: '거절', abandon: '이탈' } as const;

const shortId = (id: string) => id.slice(0, 8);
const won = (value: unknown) => `₩${Number(value).toLocaleString('en-US')}`;
const text = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));

/** "by scenario rule #1a2b3c4d" / "시나리오 규칙 #1a2b3c4d에 의해": who did it, in both languages. */
function agent(cause: EventCause | null): Bilingual {
  switch (cause?.kind) {
    case 'scenario-rule':
      return { en: `by scenario rule #${shortId(cause.ruleId ?? '?')}`, ko: `시나리오 규칙 #${shortId(cause.ruleId ?? '?')}에 의해` };
    case 'magic-amount':
      return { en: `by magic amount ${cause.amount}`, ko: `매직 금액 ${cause.amount}에 의해` };
    case 'buyer':
    case 'control-api':
    case 'control-page':
      return { en: `by ${ACTOR_EN[cause.kind]}`, ko: `${ACTOR_KO[cause.kind]}에 의해` };
    case 'merchant-api':
      return { en: `by the merchant's ${cause.api ?? 'API'} call`, ko: `가맹점 ${cause.api ?? 'API'} 호출로` };
    case 'expiry':
      return { en: 'at its expiry time', ko: '만료 시각에' };
    case 'auto-capture':
      return { en: 'automatically', ko: '자동으로' };
    default:
      return { en: '', ko: '' };
  }
}

/** ", although the buyer approved" when a rule or magic amount overrode what was asked. */
function although(cause: EventCause | null): Bilingual {
  if (!cause?.by || !cause.requested || (cause.kind !== 'scenario-rule' && cause.kind !== 'magic-amount')) return { en: '', ko: '' };
  return { en: `, although ${WHO_EN[cause.by]} ${ASKED_EN[cause.requested]}`, ko: ` (${WHO_KO[cause.by]}는 ${ASKED_KO[cause.requested]}함)` };
}

const join = (...parts: string[]) => parts.filter(Boolean).join(' ');

/**
 * One timeline event in words, in English and Korean, naming its cause: the one place the
 * control page's timeline text comes from. Pure: the stored event in, the sentences out.
 */
export function summarizeEvent(event: SummarizedEvent): Bilingual {
  const d = event.detail ?? {};
  const by = agent(event.cause);
  const but = although(event.cause);
  switch (event.type) {
    case 'PAYMENT_CREATED': {
      const brand = d.selectedCardBrand ? text(d.selectedCardBrand) : null;
      const origin = event.cause?.kind === 'control-page' ? { en: 'from the control page', ko: '제어 페이지에서' } : by;
      return {
        en: `${join('Created', origin.en)}; the buyer goes to ${brand ? `the ${brand} issuer page` : 'the brand page'}`,
        ko: `${join(origin.ko, '생성됨')}; 구매자는 ${brand ? `${brand} 카드사 페이지로` : '카드 선택 페이지로'} 이동`,
      };
    }
    case 'PAYMENT_AUTHORIZED':
      return { en: `${join(`Approved (${text(d.cardBrand)})`, by.en)}${but.en}`, ko: `${join(by.ko, `승인됨 (${text(d.cardBrand)})`)}${but.ko}` };
    case 'PAYMENT_DECLINED':
      return { en: `${join(`Declined ${text(d.resultCode)}`, by.en)}${but.en}`, ko: `${join(by.ko, `${text(d.resultCode)}로 거절됨`)}${but.ko}` };
    case 'BUYER_ABANDONED':
      return {
        en: `${join('Left the issuer page without paying', by.en)}${but.en}; the payment expires at its expiry time`,
        ko: `${join(by.ko, '결제 없이 카드사 페이지를 떠남')}${but.ko}; 만료 시각에 결제가 만료됨`,
      };
    case 'PAYMENT_EXPIRED':
      return event.cause?.kind === 'expiry' || event.cause === null
        ? { en: 'Expired: the buyer did not pay before the expiry time (ORDER_IS_CLOSED)', ko: '만료됨: 구매자가 만료 시각 전에 결제하지 않음 (ORDER_IS_CLOSED)' }
        : { en: `Closed now ${by.en}, as if it had expired`, ko: `${by.ko} 지금 종료됨 (만료와 동일)` };
    case 'CAPTURE_DELAYED':
      return { en: `Automatic capture held back until ${text(d.until)} ${by.en}`, ko: `${by.ko} 자동 매입이 ${text(d.until)}까지 보류됨` };
    case 'CAPTURE_SUCCEEDED':
      return event.cause?.kind === 'auto-capture' || event.cause === null
        ? { en: 'Captured automatically', ko: '자동 매입 완료' }
        : { en: `Captured ${by.en}`, ko: `${by.ko} 매입 완료` };
    case 'CAPTURE_FAILED':
      return { en: `Automatic capture failed ${text(d.resultCode)} ${by.en}`, ko: `${by.ko} 자동 매입 실패 ${text(d.resultCode)}` };
    case 'PAYMENT_CANCELLED':
      return { en: `Cancelled ${by.en}`.trim(), ko: `${by.ko} 취소됨`.trim() };
    case 'REFUND_SUCCEEDED':
      return { en: `Refunded ${won(d.amount)} ${by.en}`.trim(), ko: `${by.ko} ${won(d.amount)} 환불됨`.trim() };
    case 'CHECK_SYNTHETIC':
      return {
        en: `Synthetic payment written by antom-sandbox check (run ${text(d.runId)}, ${text(d.role)}); not a real order`,
        ko: `antom-sandbox check가 만든 가상 결제 (실행 ${text(d.runId)}, ${text(d.role)}); 실제 주문 아님`,
      };
    default:
      return { en: join(event.type, by.en), ko: join(by.ko, event.type) };
  }
}
