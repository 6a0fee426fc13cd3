import { randomBytes, randomInt } from 'node:crypto';
import { dateStamp } from '../../protocol/index.js';

/** Ids shaped like Antom's: a date, a kind marker, then random digits (protocol §10). */
function digits(count: number): string {
  let out = '';
  while (out.length < count) out += String(randomInt(0, 1_000_000_000)).padStart(9, '0');
  return out.slice(0, count);
}

export const newPaymentId = (now: number) => `${dateStamp(now)}1190${digits(16)}`;
export const newTransactionId = (now: number) => `${dateStamp(now)}1180${digits(16)}`;
export const newCaptureRequestId = (now: number) => `${dateStamp(now)}1170${digits(16)}`;
export const newNotificationId = (now: number) => `${dateStamp(now)}1160${digits(16)}`;
/** Page tokens are unguessable (192 bits) and each is bound to one payment. */
export const newPageToken = () => randomBytes(24).toString('base64url');
