import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { SandboxServices } from '../services/sandbox-services.js';
import type { JournalEntry } from '../services/request-journal.js';
import { INQUIRY_CASE, planCases, selectCases, type CheckCase } from './check-cases.js';
import type { CaseResult, CheckReport } from './check-types.js';
import { judgeCase, summarize } from './check-verdict.js';
import { sendDelivery, type SenderDeps } from './delivery-sender.js';
import { inquiriesAbout, inquiryVerdict } from './inquiry-watch.js';
import { buildSyntheticPayments, storeSyntheticPayments, syntheticNotifications } from './synthetic-payments.js';

// the route loads this module lazily, and needs the group names from the same import
export { CASE_GROUPS } from './check-cases.js';

export interface CheckRun {
  notifyUrl: string;
  clientId: string;
  /** case ids or group names to run (selectCases); none: all */
  only?: readonly string[] | undefined;
  /** add the reported --with-inquiry case */
  withInquiry: boolean;
  /** how long to watch the journal for inquiryPayment calls after the deliveries */
  inquiryWaitMs: number;
}

/** Every case with its id, title and group (the payments do not change the table's shape). */
export function caseTable(): CheckCase[] {
  const placeholders = syntheticNotifications(buildSyntheticPayments('SANDBOX_PLACEHOLDER', 'plan', 0));
  return [...planCases('SANDBOX_PLACEHOLDER', placeholders), INQUIRY_CASE];
}

/** The names in `only` that are neither a case id nor a group (checked before a run starts). */
export function unknownCaseNames(only: readonly string[] | undefined): string[] {
  return selectCases(caseTable(), only).unknown;
}


/**
 * Runs a check inside the sandbox (it holds Antom's signing key and the payments): writes
 * labelled synthetic payments for the merchant, sends each case's deliveries in order to the
 * merchant's endpoint, one at a time, and judges each from its evidence.
 */
export async function runCheck(services: SandboxServices, run: CheckRun): Promise<CheckReport> {
  const started = performance.now();
  const now = services.clock.now();
  const startedAt = new Date(now).toISOString();
  const runId = randomBytes(4).toString('hex');
  const payments = buildSyntheticPayments(run.clientId, runId, now);
  storeSyntheticPayments(services.payments.store, payments, runId, now);
  const planned = [...planCases(run.clientId, syntheticNotifications(payments)), ...(run.withInquiry ? [INQUIRY_CASE] : [])];
  const { cases } = selectCases(planned, run.only);
  const journalMark = services.journal.list({ limit: 1 })[0]?.id ?? 0;

  const { Agent, request } = await import('undici');
  const dispatcher = new Agent({ connect: { timeout: services.config.notifyTimeoutMs } });
  const deps: SenderDeps = { signer: services.signer, clock: services.clock, http: { request, dispatcher }, timeoutMs: services.config.notifyTimeoutMs };
  const results: CaseResult[] = [];
  let genuineSent = 0;
  try {
    for (const plan of cases) {
      if (plan.expect === 'observe') continue;
      const evidence = [];
      for (const delivery of plan.deliveries) evidence.push(await sendDelivery(deps, run.notifyUrl, delivery));
      if (plan.expect === 'ack') genuineSent += plan.deliveries.length;
      results.push(resultOf(plan, { ...judgeCase(plan, evidence), evidence }));
    }
  } finally {
    await dispatcher.close();
  }
  if (cases.includes(INQUIRY_CASE)) {
    const ids = payments.filter((p) => p.role !== 'forged').flatMap((p) => [p.payment.paymentId, p.payment.paymentRequestId]);
    const found = genuineSent === 0 ? [] : await watchForInquiries(services, run.clientId, ids, journalMark, run.inquiryWaitMs);
    results.push(resultOf(INQUIRY_CASE, { ...inquiryVerdict(found, genuineSent, run.inquiryWaitMs), evidence: [] }));
  }
  return {
    notifyUrl: run.notifyUrl,
    clientId: run.clientId,
    runId,
    timeoutMs: services.config.notifyTimeoutMs,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    cases: results,
    summary: summarize(results),
  };
}

function resultOf(plan: CheckCase, outcome: Pick<CaseResult, 'passed' | 'verdict' | 'evidence'> & { notes?: string[] }): CaseResult {
  return { id: plan.id, title: plan.title, group: plan.group, required: plan.required, expect: plan.expect, notes: [], ...outcome };
}

/**
 * Waits until the merchant's integration has called inquiryPayment about a notified payment, or
 * the wait is over: each journal entry is announced on the event bus, so the journal is read
 * again only when an inquiry by this merchant arrives. Real time (not the virtual clock) bounds
 * the wait, because the integration is another system running on real time.
 */
function watchForInquiries(services: SandboxServices, clientId: string, ids: string[], mark: number, waitMs: number): Promise<JournalEntry[]> {
  const look = () => inquiriesAbout(services.journal.list({ clientId }), clientId, ids, mark).reverse();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve(look());
    };
    const timer = setTimeout(finish, waitMs);
    const unsubscribe = services.events.subscribe((event) => {
      if (event.type === 'journal' && event.data.api === 'inquiryPayment' && event.data.clientId === clientId && look().length > 0) finish();
    });
    if (look().length > 0) finish();
  });
}
