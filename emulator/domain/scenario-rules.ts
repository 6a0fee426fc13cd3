import { z } from 'zod';
import { ANTOM_APIS, CAPTURE_FAILURE_CODES, DECLINE_CODES, isResultCode, type AntomApi } from '../../protocol/index.js';
import { MAX_PATTERN_LENGTH, MAX_TOTAL_PROGRAM_SIZE, patternCost, patternMatches, patternRefusal } from './rule-patterns.js';

/**
 * Scenario rules (design.md "Scenarios"): what a rule matches, what it does, how often.
 * Plain data and functions: the engine (services/scenario-engine.ts) stores and applies them.
 */

const pattern = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH)
  .superRefine((source, ctx) => {
    const refusal = patternRefusal(source);
    if (refusal) ctx.addIssue({ code: 'custom', message: refusal });
  });

export const ruleMatchSchema = z.strictObject({
  api: z.enum(ANTOM_APIS).optional(),
  clientId: z.string().min(1).max(64).optional(),
  /** RE2 patterns (rule-patterns.ts), found anywhere in the id (anchor them yourself for exactness) */
  paymentRequestId: pattern.optional(),
  referenceOrderId: pattern.optional(),
  /** the amount in the smallest unit, as on the wire ("46000" is ₩46,000) */
  amount: z.string().regex(/^(0|[1-9]\d{0,15})$/, 'digits only, no sign, decimals or leading zeros').optional(),
  cardBrand: z.string().min(1).max(32).transform((s) => s.toUpperCase()).optional(),
});

const resultCode = z.string().refine(isResultCode, 'not a result code of the catalogue (protocol/result-codes.ts)');

export const notificationEffectsSchema = z.strictObject({
  delayMs: z.number().int().min(0).max(30 * 24 * 3600_000).optional(),
  drop: z.boolean().optional(),
  duplicate: z.boolean().optional(),
  failFirst: z.number().int().min(0).max(8).optional(),
  badSignature: z.boolean().optional(),
  captureFirst: z.boolean().optional(),
});

export const ruleEffectSchema = z.strictObject({
  // API-level: seen by the merchant's HTTP client
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  noAnswer: z.boolean().optional(),
  httpStatus: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
  dropConnection: z.boolean().optional(),
  resultCode: resultCode.optional(),
  badSignature: z.boolean().optional(),
  // payment lifecycle
  authorization: z
    .strictObject({
      outcome: z.enum(['approve', 'decline', 'abandon']),
      resultCode: z.enum(DECLINE_CODES).optional(),
    })
    .optional(),
  capture: z
    .strictObject({
      outcome: z.enum(['success', 'fail']),
      resultCode: z.enum(CAPTURE_FAILURE_CODES).optional(),
      delayMs: z.number().int().min(0).max(30 * 24 * 3600_000).optional(),
    })
    .optional(),
  notification: notificationEffectsSchema.optional(),
});

export const scenarioRuleSchema = z
  .strictObject({
    description: z.string().max(256).optional(),
    match: ruleMatchSchema.default({}),
    effect: ruleEffectSchema,
    /** uses before the rule retires; absent = unlimited */
    times: z.number().int().min(1).max(1_000_000).optional(),
  })
  .refine((rule) => effectPointsOf(rule.effect).length > 0, { message: 'give at least one effect', path: ['effect'] });

/**
 * Bounds on the rules kept at once: every Antom call tests the rules in order, so their number
 * bounds the work per call; the size bounds what one POST can store. Both answer a 400 naming them.
 */
export const MAX_RULES = 1_000;
export const MAX_RULE_JSON_BYTES = 16 * 1024;

/** The RE2 instructions a rule's patterns take out of MAX_TOTAL_PROGRAM_SIZE. */
export function patternCostOf(rule: ScenarioRule): number {
  return [rule.match.paymentRequestId, rule.match.referenceOrderId].reduce((sum, source) => sum + (source === undefined ? 0 : patternCost(source)), 0);
}

/** Why `adding` cannot join `stored`, or undefined; `ruleJsonBytes` is the size of a rule as posted. */
export function ruleLimitRefusal(stored: readonly ScenarioRule[], adding: readonly ScenarioRule[], ruleJsonBytes = 0): string | undefined {
  if (ruleJsonBytes > MAX_RULE_JSON_BYTES) return `the rule is ${ruleJsonBytes} bytes of JSON, above the limit of ${MAX_RULE_JSON_BYTES} bytes per rule`;
  const makeRoom = 'delete some first (DELETE /_sandbox/api/scenarios/<id>)';
  if (stored.length + adding.length > MAX_RULES) return `at most ${MAX_RULES} scenario rules are kept at once (${stored.length} stored, ${adding.length} more asked); ${makeRoom}`;
  const cost = (rules: readonly ScenarioRule[]) => rules.reduce((sum, r) => sum + patternCostOf(r), 0);
  const storedCost = cost(stored);
  const addingCost = cost(adding);
  if (addingCost > 0 && storedCost + addingCost > MAX_TOTAL_PROGRAM_SIZE) {
    return `the patterns of all rules together may compile to at most ${MAX_TOTAL_PROGRAM_SIZE} RE2 instructions (${storedCost} stored, ${addingCost} more asked), so that matching them stays fast; simplify the patterns or ${makeRoom}`;
  }
  return undefined;
}

export type RuleMatch = z.output<typeof ruleMatchSchema>;
export type RuleEffect = z.output<typeof ruleEffectSchema>;
export type ScenarioRule = z.output<typeof scenarioRuleSchema>;
export type ScenarioRuleInput = z.input<typeof scenarioRuleSchema>;

/** A rule as stored: its id and the uses left (null = unlimited). */
export interface StoredRule {
  id: string;
  rule: ScenarioRule;
  remaining: number | null;
  used: number;
  source: string;
  createdAt: number;
}

/**
 * The moments a rule can act at. A rule is counted once each time it acts at one of them;
 * at each moment the first matching rule (oldest first) with an effect for it wins.
 */
export type EffectPoint = 'api' | 'authorization' | 'capture' | 'notification';

export function effectPointsOf(effect: RuleEffect): EffectPoint[] {
  const points: EffectPoint[] = [];
  const api = effect.latencyMs !== undefined || effect.noAnswer || effect.httpStatus !== undefined || effect.dropConnection || effect.resultCode !== undefined || effect.badSignature;
  if (api) points.push('api');
  if (effect.authorization) points.push('authorization');
  if (effect.capture) points.push('capture');
  if (effect.notification) points.push('notification');
  return points;
}

/** What is known about a call or a payment at the moment a rule is tested. */
export interface MatchFacts {
  /** the API called; at lifecycle moments the payment came from pay */
  api: AntomApi;
  clientId: string;
  paymentRequestId?: string | undefined;
  referenceOrderId?: string | undefined;
  amount?: string | undefined;
  cardBrand?: string | undefined;
}

/** Every key present in `match` must hold; a key whose fact is unknown does not hold. */
export function ruleMatches(match: RuleMatch, facts: MatchFacts): boolean {
  if (match.api !== undefined && match.api !== facts.api) return false;
  if (match.clientId !== undefined && match.clientId !== facts.clientId) return false;
  if (match.amount !== undefined && match.amount !== facts.amount) return false;
  if (match.cardBrand !== undefined && match.cardBrand !== facts.cardBrand?.toUpperCase()) return false;
  if (match.paymentRequestId !== undefined && (facts.paymentRequestId === undefined || !patternMatches(match.paymentRequestId, facts.paymentRequestId))) return false;
  if (match.referenceOrderId !== undefined && (facts.referenceOrderId === undefined || !patternMatches(match.referenceOrderId, facts.referenceOrderId))) return false;
  return true;
}

/** The first rule, in order, that still has uses, acts at `point` and matches. */
export function selectRule<R extends Pick<StoredRule, 'rule' | 'remaining'>>(rules: readonly R[], point: EffectPoint, facts: MatchFacts): R | undefined {
  return rules.find((r) => (r.remaining === null || r.remaining > 0) && effectPointsOf(r.rule.effect).includes(point) && ruleMatches(r.rule.match, facts));
}

/** Uses left after one more use. */
export function afterUse(remaining: number | null): number | null {
  return remaining === null ? null : Math.max(0, remaining - 1);
}

/** The API-level part of an effect, in the order it is applied: wait first, then fail or answer. */
export interface ApiFault {
  latencyMs?: number | undefined;
  noAnswer?: boolean | undefined;
  httpStatus?: 500 | 502 | 503 | undefined;
  dropConnection?: boolean | undefined;
  resultCode?: string | undefined;
  badSignature?: boolean | undefined;
}

export function apiFaultOf(effect: RuleEffect): ApiFault {
  const { latencyMs, noAnswer, httpStatus, dropConnection, resultCode: code, badSignature } = effect;
  return { latencyMs, noAnswer, httpStatus, dropConnection, resultCode: code, badSignature };
}
