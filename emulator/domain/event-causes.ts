/**
 * Why a payment timeline event happened, recorded with the event at the moment it is written
 * (payment_events.cause, migration 3), so the control page can say it in words.
 */
export type Actor = 'buyer' | 'control-api' | 'control-page';
export type CauseKind = Actor | 'magic-amount' | 'scenario-rule' | 'expiry' | 'auto-capture' | 'merchant-api';

/** A scenario rule or a magic amount that bent an outcome. */
export type ForcedBy = { kind: 'scenario-rule'; ruleId: string } | { kind: 'magic-amount'; amount: string };

export interface EventCause {
  kind: CauseKind;
  /** scenario-rule: the rule's id (GET /_sandbox/api/scenarios) */
  ruleId?: string;
  /** magic-amount: the amount, e.g. "5051" */
  amount?: string;
  /** merchant-api / control-page: the Antom API called, e.g. "pay" */
  api?: string;
  /** forced outcomes: who asked for something else, and what they asked for */
  by?: Actor;
  requested?: 'approve' | 'decline' | 'abandon';
}

/** The cause of an outcome `actor` asked for, bent (or not) by a rule or magic amount. */
export function causeOf(actor: Actor, forced: ForcedBy | undefined, requested?: EventCause['requested']): EventCause {
  if (!forced) return { kind: actor };
  return { ...forced, by: actor, ...(requested ? { requested } : {}) };
}

/** The cause of what the automatic capture did (or the expiry), bent (or not) by a rule or magic amount. */
export function causeOfScheduled(kind: 'auto-capture' | 'expiry', forced: ForcedBy | undefined): EventCause {
  return forced ? { ...forced } : { kind };
}
