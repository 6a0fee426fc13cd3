import { describe, expect, it } from 'vitest';
import { causeOf, causeOfScheduled, type EventCause } from '../../emulator/domain/event-causes.js';
import { summarizeEvent } from '../../emulator/domain/event-summaries.js';

const RULE = '3f2a9c1b-0000-4000-8000-000000000000';

describe('summarizeEvent: each timeline event in words, naming its cause', () => {
  const table: Array<[string, Record<string, unknown> | null, EventCause | null, string, string]> = [
    ['PAYMENT_CREATED', { selectedCardBrand: null }, { kind: 'merchant-api', api: 'pay' }, "Created by the merchant's pay call; the buyer goes to the brand page", '가맹점 pay 호출로 생성됨; 구매자는 카드 선택 페이지로 이동'],
    ['PAYMENT_CREATED', { selectedCardBrand: 'HYUNDAI' }, { kind: 'control-page', api: 'pay' }, 'Created from the control page; the buyer goes to the HYUNDAI issuer page', '제어 페이지에서 생성됨; 구매자는 HYUNDAI 카드사 페이지로 이동'],
    ['PAYMENT_AUTHORIZED', { cardBrand: 'HYUNDAI' }, { kind: 'buyer' }, 'Approved (HYUNDAI) by the buyer on the issuer page', '카드사 페이지의 구매자에 의해 승인됨 (HYUNDAI)'],
    ['PAYMENT_AUTHORIZED', { cardBrand: 'SHINHAN' }, { kind: 'control-api' }, 'Approved (SHINHAN) by the control API', '제어 API에 의해 승인됨 (SHINHAN)'],
    [
      'PAYMENT_DECLINED',
      { cardBrand: 'HYUNDAI', resultCode: 'USER_BALANCE_NOT_ENOUGH' },
      { kind: 'scenario-rule', ruleId: RULE, by: 'buyer', requested: 'approve' },
      'Declined USER_BALANCE_NOT_ENOUGH by scenario rule #3f2a9c1b, although the buyer approved',
      '시나리오 규칙 #3f2a9c1b에 의해 USER_BALANCE_NOT_ENOUGH로 거절됨 (구매자는 승인함)',
    ],
    [
      'PAYMENT_DECLINED',
      { cardBrand: 'HYUNDAI', resultCode: 'USER_BALANCE_NOT_ENOUGH' },
      { kind: 'magic-amount', amount: '5051', by: 'control-page', requested: 'approve' },
      'Declined USER_BALANCE_NOT_ENOUGH by magic amount 5051, although the control page approved',
      '매직 금액 5051에 의해 USER_BALANCE_NOT_ENOUGH로 거절됨 (제어 페이지는 승인함)',
    ],
    ['PAYMENT_DECLINED', { cardBrand: 'KOOKMIN', resultCode: 'DO_NOT_HONOR' }, { kind: 'buyer' }, 'Declined DO_NOT_HONOR by the buyer on the issuer page', '카드사 페이지의 구매자에 의해 DO_NOT_HONOR로 거절됨'],
    [
      'BUYER_ABANDONED',
      null,
      { kind: 'magic-amount', amount: '1414', by: 'buyer', requested: 'approve' },
      'Left the issuer page without paying by magic amount 1414, although the buyer approved; the payment expires at its expiry time',
      '매직 금액 1414에 의해 결제 없이 카드사 페이지를 떠남 (구매자는 승인함); 만료 시각에 결제가 만료됨',
    ],
    ['PAYMENT_EXPIRED', null, { kind: 'expiry' }, 'Expired: the buyer did not pay before the expiry time (ORDER_IS_CLOSED)', '만료됨: 구매자가 만료 시각 전에 결제하지 않음 (ORDER_IS_CLOSED)'],
    ['PAYMENT_EXPIRED', null, { kind: 'control-api' }, 'Closed now by the control API, as if it had expired', '제어 API에 의해 지금 종료됨 (만료와 동일)'],
    ['CAPTURE_SUCCEEDED', { resultCode: 'SUCCESS' }, { kind: 'auto-capture' }, 'Captured automatically', '자동 매입 완료'],
    ['CAPTURE_FAILED', { resultCode: 'PROCESS_FAIL' }, { kind: 'magic-amount', amount: '6006' }, 'Automatic capture failed PROCESS_FAIL by magic amount 6006', '매직 금액 6006에 의해 자동 매입 실패 PROCESS_FAIL'],
    ['CAPTURE_DELAYED', { until: '2026-12-06T12:00:00+09:00' }, { kind: 'scenario-rule', ruleId: RULE }, 'Automatic capture held back until 2026-12-06T12:00:00+09:00 by scenario rule #3f2a9c1b', '시나리오 규칙 #3f2a9c1b에 의해 자동 매입이 2026-12-06T12:00:00+09:00까지 보류됨'],
    ['PAYMENT_CANCELLED', null, { kind: 'merchant-api', api: 'cancel' }, "Cancelled by the merchant's cancel call", '가맹점 cancel 호출로 취소됨'],
    ['REFUND_SUCCEEDED', { amount: 46000 }, { kind: 'merchant-api', api: 'refund' }, "Refunded ₩46,000 by the merchant's refund call", "가맹점 refund 호출로 ₩46,000 환불됨"],
    ['CHECK_SYNTHETIC', { runId: 'r1', role: 'paid' }, null, 'Synthetic payment written by antom-sandbox check (run r1, paid); not a real order', 'antom-sandbox check가 만든 가상 결제 (실행 r1, paid); 실제 주문 아님'],
    // events written before causes were recorded still read
    ['PAYMENT_EXPIRED', null, null, 'Expired: the buyer did not pay before the expiry time (ORDER_IS_CLOSED)', '만료됨: 구매자가 만료 시각 전에 결제하지 않음 (ORDER_IS_CLOSED)'],
    ['SOMETHING_NEW', null, { kind: 'control-api' }, 'SOMETHING_NEW by the control API', '제어 API에 의해 SOMETHING_NEW'],
  ];
  it.each(table)('%s %j %j', (type, detail, cause, en, ko) => {
    expect(summarizeEvent({ type, detail, cause })).toEqual({ en, ko });
  });
});

describe('causeOf', () => {
  it('names the actor when nothing was forced, the rule and what was asked when something was', () => {
    expect(causeOf('buyer', undefined, 'approve')).toEqual({ kind: 'buyer' });
    expect(causeOf('buyer', { kind: 'scenario-rule', ruleId: RULE }, 'approve')).toEqual({ kind: 'scenario-rule', ruleId: RULE, by: 'buyer', requested: 'approve' });
    expect(causeOfScheduled('auto-capture', undefined)).toEqual({ kind: 'auto-capture' });
    expect(causeOfScheduled('auto-capture', { kind: 'magic-amount', amount: '6006' })).toEqual({ kind: 'magic-amount', amount: '6006' });
  });
});
