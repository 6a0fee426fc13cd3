import type { NotifyType } from '../../protocol/index.js';
import type { ForcedBy } from '../domain/event-causes.js';
import type { AuthorizationOutcome } from '../domain/payment-rules.js';
import type { NotificationEffects } from '../domain/notification-records.js';
import type { PaymentRecord } from '../domain/records.js';

export type CaptureOutcome = { outcome: 'success' } | { outcome: 'fail'; resultCode: string; resultMessage?: string };

/**
 * Where the scenario engine (magic amounts, rules) bends outcomes. The payment service asks
 * these questions at the moments they matter; the default answers change nothing.
 */
export interface ScenarioHooks {
  /** the buyer reached the issuer and asked for `requested`; the issuer may answer otherwise (`forcedBy` says who made it) */
  authorizationOutcome(payment: PaymentRecord, requested: AuthorizationOutcome): AuthorizationOutcome & { forcedBy?: ForcedBy };
  /** the automatic capture is due: how it ends and how long it takes */
  captureOutcome(payment: PaymentRecord): CaptureOutcome & { delayMs?: number; forcedBy?: ForcedBy };
  /** faults for one notification about to be written to the outbox */
  notificationEffects(payment: PaymentRecord, notifyType: NotifyType): NotificationEffects | undefined;
}

export const NO_SCENARIOS: ScenarioHooks = {
  authorizationOutcome: (_payment, requested) => requested,
  captureOutcome: () => ({ outcome: 'success' }),
  notificationEffects: () => undefined,
};
