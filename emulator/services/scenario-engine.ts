import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fieldPath, type AntomApi, type NotifyType } from '../../protocol/index.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { NotificationEffects } from '../domain/notification-records.js';
import type { ForcedBy } from '../domain/event-causes.js';
import type { AuthorizationOutcome } from '../domain/payment-rules.js';
import type { PaymentRecord } from '../domain/records.js';
import {
  afterUse,
  apiFaultOf,
  effectPointsOf,
  ruleEffectSchema,
  ruleMatches,
  ruleLimitRefusal,
  ruleMatchSchema,
  scenarioRuleSchema,
  selectRule,
  type ApiFault,
  type EffectPoint,
  type MatchFacts,
  type RuleEffect,
  type ScenarioRule,
  type StoredRule,
} from '../domain/scenario-rules.js';
import { FIXTURES_DIR } from '../package-root.js';
import type { PaymentStore } from '../storage/payment-store.js';
import type { ScenarioStore } from '../storage/scenario-store.js';
import type { SandboxEvents } from './sandbox-events.js';
import type { CaptureOutcome, ScenarioHooks } from './scenario-hooks.js';
import { ScenarioFileError } from './scenario-presets.js';

const magicAmountsSchema = z.object({
  amounts: z.array(
    z.object({
      amount: z.string().regex(/^\d+$/),
      description: z.string(),
      match: ruleMatchSchema.default({}),
      effect: ruleEffectSchema,
      /** act once per value of this field (9009: UNKNOWN_EXCEPTION once, then success) */
      oncePer: z.literal('paymentRequestId').optional(),
    }),
  ),
});
export type MagicAmount = z.output<typeof magicAmountsSchema>['amounts'][number];

export function loadMagicAmounts(file = join(FIXTURES_DIR, 'magic-amounts.json')): MagicAmount[] {
  return magicAmountsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).amounts;
}

/**
 * The scenario engine: scenario rules (stored, counted) first, then the magic amounts. It
 * answers the payment service's ScenarioHooks and the Antom routes' question "any fault for
 * this call?". Rules are cached in memory; every change and use is written through to SQLite.
 */
export class ScenarioEngine implements ScenarioHooks {
  readonly #store: ScenarioStore;
  readonly #payments: PaymentStore;
  readonly #clock: VirtualClock;
  readonly #magic: MagicAmount[];
  /** oncePer keys already answered with the fault; in memory, cleared by reset */
  readonly #onceSeen = new Set<string>();
  #rules: StoredRule[];
  /** the live stream hears of rules added, deleted and cleared */
  events: SandboxEvents | undefined;

  constructor(deps: { store: ScenarioStore; payments: PaymentStore; clock: VirtualClock; magicAmounts?: MagicAmount[]; warn?: (message: string) => void }) {
    this.#store = deps.store;
    this.#payments = deps.payments;
    this.#clock = deps.clock;
    this.#magic = deps.magicAmounts ?? loadMagicAmounts();
    this.#rules = this.#usableStoredRules(deps.warn ?? ((message) => process.emitWarning(message)));
  }

  /**
   * The stored rules this version can run. A rule written by an older sandbox whose pattern RE2
   * refuses (a backreference, a lookahead) would never match safely: it is dropped with a warning
   * instead of stopping start-up.
   */
  #usableStoredRules(warn: (message: string) => void): StoredRule[] {
    const usable: StoredRule[] = [];
    for (const stored of this.#store.all()) {
      const parsed = scenarioRuleSchema.safeParse(stored.rule);
      // rules stored before the bounds existed: the oldest ones within them are kept
      const problem = parsed.success
        ? ruleLimitRefusal(usable.map((r) => r.rule), [parsed.data])
        : `${fieldPath(parsed.error.issues[0]!.path) || 'rule'}: ${parsed.error.issues[0]!.message}`;
      if (parsed.success && problem === undefined) {
        usable.push({ ...stored, rule: parsed.data });
        continue;
      }
      warn(`antom-sandbox: scenario rule ${stored.id} (${stored.source}) dropped: ${problem}`);
      try {
        this.#store.delete(stored.id);
      } catch {
        // a read-only data file keeps the row; it is dropped again at the next start
      }
    }
    return usable;
  }

  /** The rules in force, as given (no copies of their counters: see list()). */
  rules(): ScenarioRule[] {
    return this.#rules.map((r) => r.rule);
  }

  get magicAmounts(): readonly MagicAmount[] {
    return this.#magic;
  }

  list(): StoredRule[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  add(rule: ScenarioRule, source = 'api'): StoredRule {
    const stored: StoredRule = { id: randomUUID(), rule, remaining: rule.times ?? null, used: 0, source, createdAt: this.#clock.now() };
    this.#store.insert(stored);
    this.#rules.push(stored);
    this.events?.publish('scenario', { action: 'created', id: stored.id });
    return { ...stored };
  }

  /** Replaces the rules of one source (e.g. the --scenarios file at each start) with these. */
  replaceSource(source: string, rules: readonly ScenarioRule[]): StoredRule[] {
    const refusal = ruleLimitRefusal(this.#rules.filter((r) => r.source !== source).map((r) => r.rule), rules);
    if (refusal) throw new ScenarioFileError(`--scenarios: ${refusal}.`);
    return this.#store.transaction(() => {
      this.#store.deleteBySource(source);
      this.#rules = this.#rules.filter((r) => r.source !== source);
      return rules.map((rule) => this.add(rule, source));
    });
  }

  delete(id: string): boolean {
    this.#rules = this.#rules.filter((r) => r.id !== id);
    const deleted = this.#store.delete(id);
    if (deleted) this.events?.publish('scenario', { action: 'deleted', id });
    return deleted;
  }

  clear(): void {
    this.#store.clear();
    this.#rules = [];
    this.#onceSeen.clear();
    this.events?.publish('scenario', { action: 'cleared' });
  }

  // ---- the Antom API routes ----

  /** The fault for one Antom API call, or undefined (the call runs normally). */
  apiFault(api: AntomApi, clientId: string, json: unknown): ApiFault | undefined {
    const hasRules = this.#rules.some((r) => effectPointsOf(r.rule.effect).includes('api'));
    if (!hasRules && api !== 'pay') return undefined;
    const used = this.#use('api', () => this.#factsOfCall(api, clientId, json));
    return used ? apiFaultOf(used.effect) : undefined;
  }

  // ---- ScenarioHooks (payment lifecycle) ----

  authorizationOutcome(payment: PaymentRecord, requested: AuthorizationOutcome): AuthorizationOutcome & { forcedBy?: ForcedBy } {
    const used = this.#use('authorization', () => factsOfPayment(payment));
    const forced = used?.effect.authorization;
    if (!forced) return requested;
    const forcedBy = used.source;
    if (forced.outcome === 'decline') return { outcome: 'decline', resultCode: forced.resultCode ?? 'DO_NOT_HONOR', forcedBy };
    return { outcome: forced.outcome, forcedBy };
  }

  captureOutcome(payment: PaymentRecord): CaptureOutcome & { delayMs?: number; forcedBy?: ForcedBy } {
    const used = this.#use('capture', () => factsOfPayment(payment));
    const forced = used?.effect.capture;
    if (!forced) return { outcome: 'success' };
    const delay = forced.delayMs ? { delayMs: forced.delayMs } : {};
    if (forced.outcome === 'success') return { outcome: 'success', ...delay, forcedBy: used.source };
    return { outcome: 'fail', resultCode: forced.resultCode ?? 'PROCESS_FAIL', ...delay, forcedBy: used.source };
  }

  notificationEffects(payment: PaymentRecord, _notifyType: NotifyType): NotificationEffects | undefined {
    return this.#use('notification', () => factsOfPayment(payment))?.effect.notification;
  }

  // ---- internals ----

  /** The effect of the first rule (then magic amount) acting at `point`, counting one use, and which one it was. */
  #use(point: EffectPoint, factsOf: () => MatchFacts): { effect: RuleEffect; source: ForcedBy } | undefined {
    let facts: MatchFacts | undefined;
    const known = () => (facts ??= factsOf());
    if (this.#rules.length > 0) {
      const rule = selectRule(this.#rules, point, known());
      if (rule) {
        rule.remaining = afterUse(rule.remaining);
        rule.used += 1;
        this.#store.recordUse(rule.id, rule.remaining);
        return { effect: rule.rule.effect, source: { kind: 'scenario-rule', ruleId: rule.id } };
      }
    }
    const f = known();
    if (f.amount === undefined) return undefined;
    const magic = this.#magic.find((m) => m.amount === f.amount && effectPointsOf(m.effect).includes(point) && ruleMatches(m.match, f));
    if (!magic) return undefined;
    if (magic.oncePer) {
      const key = `${f.clientId}|${magic.amount}|${f.paymentRequestId ?? ''}`;
      if (this.#onceSeen.has(key)) return undefined;
      this.#onceSeen.add(key);
    }
    return { effect: magic.effect, source: { kind: 'magic-amount', amount: magic.amount } };
  }

  #factsOfCall(api: AntomApi, clientId: string, json: unknown): MatchFacts {
    const body = (json ?? {}) as Record<string, any>;
    if (api === 'pay') {
      const method = body.paymentMethod ?? {};
      return {
        api,
        clientId,
        paymentRequestId: str(body.paymentRequestId),
        referenceOrderId: str(body.order?.referenceOrderId),
        amount: str(body.paymentAmount?.value),
        cardBrand: str(method.paymentMethodMetaData?.selectedCardBrand ?? method.selectedCardBrand),
      };
    }
    // other APIs name a payment: its fields are the facts (the amount is the payment's amount)
    const paymentId = str(body.paymentId);
    const paymentRequestId = str(body.paymentRequestId);
    const payment = paymentId !== undefined ? this.#payments.get(paymentId) : paymentRequestId !== undefined ? this.#payments.getByRequestId(clientId, paymentRequestId) : undefined;
    if (!payment || payment.clientId !== clientId) return { api, clientId, paymentRequestId };
    return { ...factsOfPayment(payment), api };
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function factsOfPayment(payment: PaymentRecord): MatchFacts {
  return {
    api: 'pay',
    clientId: payment.clientId,
    paymentRequestId: payment.paymentRequestId,
    referenceOrderId: payment.referenceOrderId,
    amount: String(payment.amountValue),
    cardBrand: payment.cardBrand ?? payment.selectedCardBrand ?? undefined,
  };
}
