import { describe, expect, it } from 'vitest';
import { afterUse, effectPointsOf, ruleMatches, scenarioRuleSchema, selectRule, type MatchFacts, type ScenarioRule } from '../../emulator/domain/scenario-rules.js';

const facts: MatchFacts = { api: 'pay', clientId: 'SANDBOX_A', paymentRequestId: 'PR-2026-001', referenceOrderId: 'ORDER-77', amount: '46000', cardBrand: 'HYUNDAI' };
const rule = (input: unknown): ScenarioRule => scenarioRuleSchema.parse(input);
const stored = (r: ScenarioRule, remaining: number | null = r.times ?? null) => ({ rule: r, remaining });

describe('scenario rule schema', () => {
  it('accepts the design.md example and keeps every key', () => {
    const parsed = rule({
      match: { api: 'pay', clientId: 'SANDBOX_A', paymentRequestId: '^PR-', referenceOrderId: 'ORDER', amount: '46000', cardBrand: 'hyundai' },
      effect: {
        latencyMs: 1500, noAnswer: true, httpStatus: 503, dropConnection: true, resultCode: 'UNKNOWN_EXCEPTION', badSignature: true,
        authorization: { outcome: 'decline', resultCode: 'DO_NOT_HONOR' },
        capture: { outcome: 'fail', resultCode: 'PROCESS_FAIL', delayMs: 60000 },
        notification: { delayMs: 0, drop: false, duplicate: false, failFirst: 2, badSignature: false, captureFirst: false },
      },
      times: 1,
    });
    expect(parsed.match.cardBrand).toBe('HYUNDAI');
    expect(effectPointsOf(parsed.effect)).toEqual(['api', 'authorization', 'capture', 'notification']);
  });

  it.each([
    [{ effect: {} }, 'effect', 'give at least one effect'],
    [{ match: { paymentRequestId: '(' }, effect: { noAnswer: true } }, 'match.paymentRequestId', 'not a pattern RE2 accepts'],
    [{ effect: { resultCode: 'NOT_A_CODE' } }, 'effect.resultCode', 'not a result code'],
    [{ effect: { httpStatus: 504 } }, 'effect.httpStatus', ''],
    [{ match: { amount: '0460' }, effect: { noAnswer: true } }, 'match.amount', 'leading zeros'],
    [{ effect: { noAnswer: true }, times: 0 }, 'times', ''],
    [{ effect: { authorization: { outcome: 'decline', resultCode: 'SUCCESS' } } }, 'effect.authorization.resultCode', ''],
    [{ effect: { noAnswer: true }, extra: 1 }, '', 'extra'],
  ])('rejects %j naming %s', (input, path, text) => {
    const result = scenarioRuleSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(JSON.stringify(issue)).toContain(text);
  });
});

describe('rule matching', () => {
  it('an empty match matches everything', () => expect(ruleMatches({}, facts)).toBe(true));
  it.each([
    [{ api: 'pay' }, true],
    [{ api: 'cancel' }, false],
    [{ clientId: 'SANDBOX_A' }, true],
    [{ clientId: 'SANDBOX_B' }, false],
    [{ amount: '46000' }, true],
    [{ amount: '4600' }, false],
    [{ cardBrand: 'HYUNDAI' }, true],
    [{ cardBrand: 'SAMSUNG' }, false],
    [{ paymentRequestId: '^PR-2026' }, true],
    [{ paymentRequestId: '^2026' }, false],
    [{ referenceOrderId: '77$' }, true],
    [{ referenceOrderId: '^77' }, false],
    [{ api: 'pay', amount: '46000', clientId: 'SANDBOX_B' }, false],
  ] as const)('%j → %s', (match, expected) => expect(ruleMatches(match, facts)).toBe(expected));

  it('a key whose fact is unknown does not match', () => {
    expect(ruleMatches({ amount: '46000' }, { api: 'inquiryRefund', clientId: 'SANDBOX_A' })).toBe(false);
    expect(ruleMatches({ paymentRequestId: '.*' }, { api: 'inquiryRefund', clientId: 'SANDBOX_A' })).toBe(false);
  });
});

describe('rule selection and times', () => {
  const slow = rule({ effect: { latencyMs: 10 } });
  const decline = rule({ effect: { authorization: { outcome: 'decline' } }, times: 2 });
  const otherClient = rule({ match: { clientId: 'SANDBOX_B' }, effect: { noAnswer: true } });

  it('picks the first matching rule acting at that point, oldest first', () => {
    const rules = [stored(otherClient), stored(slow), stored(decline)];
    expect(selectRule(rules, 'api', facts)?.rule).toBe(slow);
    expect(selectRule(rules, 'authorization', facts)?.rule).toBe(decline);
    expect(selectRule(rules, 'capture', facts)).toBeUndefined();
  });

  it('skips a rule with no uses left; counts down to zero; unlimited stays unlimited', () => {
    expect(selectRule([stored(decline, 0)], 'authorization', facts)).toBeUndefined();
    expect(afterUse(2)).toBe(1);
    expect(afterUse(1)).toBe(0);
    expect(afterUse(0)).toBe(0);
    expect(afterUse(null)).toBeNull();
    const entry = stored(decline);
    const seen: number[] = [];
    while (selectRule([entry], 'authorization', facts)) {
      entry.remaining = afterUse(entry.remaining);
      seen.push(entry.remaining!);
    }
    expect(seen).toEqual([1, 0]);
  });
});
