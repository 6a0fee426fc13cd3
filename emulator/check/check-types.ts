/**
 * The shapes of `antom-sandbox check` (issue #20): what the control API answers and what the
 * report formats read. Plain data, so the CLI can format a report it got over HTTP.
 */

export type CaseGroup = 'genuine' | 'forged' | 'tolerated' | 'delivery' | 'inquiry';

/** What the merchant's endpoint must do with every delivery of a case. */
export type Expectation = 'ack' | 'reject' | 'observe';

/** One HTTP delivery to the merchant's endpoint and what came back. */
export interface DeliveryEvidence {
  sent: { method: 'POST'; url: string; headers: Record<string, string>; body: string };
  /** HTTP status, or null when no answer came (timeout, refused connection) */
  status: number | null;
  responseBody: string | null;
  latencyMs: number;
  /** why there was no answer */
  error: string | null;
  /** HTTP 200 with exactly the Antom acknowledgement body (protocol §9) */
  acknowledged: boolean;
}

export interface CaseResult {
  id: string;
  title: string;
  group: CaseGroup;
  /** a required case that fails makes the check fail; the others are reported only */
  required: boolean;
  expect: Expectation;
  passed: boolean;
  /** one sentence: what happened and, when it failed, what to fix */
  verdict: string;
  evidence: DeliveryEvidence[];
  /** facts that are not deliveries (the --with-inquiry journal entries) */
  notes: string[];
}

export interface CheckSummary {
  passed: number;
  failed: number;
  /** cases that are reported, not judged (required: false) */
  reported: number;
  /** true when every required case passed */
  ok: boolean;
}

export interface CheckReport {
  notifyUrl: string;
  clientId: string;
  /** marks the synthetic payments of this run (their paymentRequestId starts with it) */
  runId: string;
  /** ms a delivery may take before Antom counts it failed (the sandbox's --notify-timeout) */
  timeoutMs: number;
  startedAt: string;
  durationMs: number;
  cases: CaseResult[];
  summary: CheckSummary;
}
