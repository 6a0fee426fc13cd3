import { NOTIFICATION_ACK } from '../../protocol/index.js';
import type { CheckCase } from './check-cases.js';
import type { CaseResult, CheckSummary, DeliveryEvidence } from './check-types.js';

/**
 * protocol §9: exactly `{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}`
 * (whitespace aside). The outbox counts any SUCCESS/S as delivered, as Antom does; the check
 * holds the merchant to the documented body, so a message or an extra field is caught here
 * before it matters.
 */
export function isExactAcknowledgement(text: string | null): boolean {
  if (text === null) return false;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isPlainObject(body) || Object.keys(body).length !== 1 || !isPlainObject(body.result)) return false;
  const expected: Record<string, string> = NOTIFICATION_ACK.result;
  const result = body.result;
  return Object.keys(result).length === Object.keys(expected).length && Object.entries(expected).every(([key, value]) => result[key] === value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const EXCERPT = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}

/** What came back for one delivery, in a few words. */
export function describeAnswer(delivery: DeliveryEvidence): string {
  if (delivery.status === null) return `no answer (${delivery.error ?? 'unknown error'})`;
  if (delivery.acknowledged) return `${delivery.status} ack, ${delivery.latencyMs} ms`;
  const body = delivery.responseBody ? ` ${excerpt(delivery.responseBody)}` : ' (empty body)';
  return `${delivery.status}${body}, ${delivery.latencyMs} ms`;
}

/** Judges a delivery case from its evidence: a verdict sentence and whether it passed. */
export function judgeCase(plan: CheckCase, evidence: readonly DeliveryEvidence[]): Pick<CaseResult, 'passed' | 'verdict'> {
  const answers = evidence.map(describeAnswer).join('; then ');
  if (plan.expect === 'ack') {
    const missed = evidence.findIndex((d) => !d.acknowledged);
    if (missed < 0) return { passed: true, verdict: `acknowledged (${answers})` };
    const which = evidence.length > 1 ? `delivery ${missed + 1} of ${evidence.length} ` : '';
    const delivery = evidence[missed]!;
    const what =
      delivery.status === null
        ? `got ${describeAnswer(delivery)}`
        : delivery.status !== 200
          ? `was answered HTTP ${delivery.status}, not 200`
          : 'was answered 200 without the exact acknowledgement body';
    return { passed: false, verdict: `${which}${what} (${answers}): ${plan.fix}` };
  }
  const accepted = evidence.findIndex((d) => d.acknowledged);
  if (accepted < 0) return { passed: true, verdict: `not acknowledged (${answers})` };
  return { passed: false, verdict: `ACKNOWLEDGED a forged notification (${answers}): ${plan.fix}` };
}

/** Counts the results: reported cases are neither passed nor failed. */
export function summarize(cases: readonly Pick<CaseResult, 'required' | 'passed'>[]): CheckSummary {
  const required = cases.filter((c) => c.required);
  const failed = required.filter((c) => !c.passed).length;
  return { passed: required.length - failed, failed, reported: cases.length - required.length, ok: failed === 0 };
}
