import type { NotifyType } from '../../protocol/index.js';

export type NotificationStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'UNDELIVERABLE';

/**
 * The control page's three views of the stored statuses: still trying (PENDING), acknowledged
 * (DELIVERED), or given up on (FAILED after the last retry or dropped by a scenario, and
 * UNDELIVERABLE: no notify URL to send to).
 */
export const NOTIFICATION_STATES = { pending: ['PENDING'], delivered: ['DELIVERED'], failed: ['FAILED', 'UNDELIVERABLE'] } as const satisfies Record<string, readonly NotificationStatus[]>;
export type NotificationState = keyof typeof NOTIFICATION_STATES;

export function notificationStateOf(status: NotificationStatus): NotificationState {
  return status === 'PENDING' ? 'pending' : status === 'DELIVERED' ? 'delivered' : 'failed';
}

/** Per-notification fault effects set by scenarios (issue: QA control plane). */
export interface NotificationEffects {
  delayMs?: number;
  drop?: boolean;
  duplicate?: boolean;
  failFirst?: number;
  badSignature?: boolean;
  captureFirst?: boolean;
}

export interface NotificationRecord {
  id: string;
  seq: number;
  paymentId: string;
  clientId: string;
  notifyType: NotifyType;
  url: string | null;
  body: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: number | null;
  /** delivered only after this notification is acknowledged or finally failed (protocol order) */
  afterId: string | null;
  effects: NotificationEffects | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface NotificationAttempt {
  id: number;
  notificationId: string;
  attempt: number;
  at: number;
  httpStatus: number | null;
  responseExcerpt: string | null;
  latencyMs: number | null;
  error: string | null;
  ok: boolean;
}
