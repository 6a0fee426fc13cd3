import { randomBytes, randomInt } from 'node:crypto';
import { dateStamp } from '../../protocol/index.js';

/** Ids shaped like Antom's: a date, a kind marker, then random digits (protocol §10). */
function digits(count: number): string {
  let out = '';
  while (out.length < count) out += String(randomInt(0, 1_000_000_000)).padStart(9, '0');
  return out.slice(0, count);
}

/** The time of day in Korea to the millisecond, HHmmssSSS: the date stamp's continuation. */
function timeOfDay(now: number): string {
  const kst = new Date(now + 9 * 60 * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(kst.getUTCHours())}${two(kst.getUTCMinutes())}${two(kst.getUTCSeconds())}${String(kst.getUTCMilliseconds()).padStart(3, '0')}`;
}

/**
 * Date, kind, time of day, then eleven random digits (32 characters, like Antom's): ids made one
 * after another sort one after another, so a new payment's rows land on the last page of each index
 * keyed by its id (the table's key, the timeline's) instead of a random page, and each group COMMIT
 * writes fewer pages (storage/commit-group.ts). The random digits keep apart ids of one millisecond.
 */
const timedId = (kind: string) => (now: number) => `${dateStamp(now)}${kind}${timeOfDay(now)}${digits(11)}`;

export const newPaymentId = timedId('1190');
export const newTransactionId = timedId('1180');
export const newCaptureRequestId = timedId('1170');
export const newNotificationId = timedId('1160');
/** Page tokens are unguessable (192 bits) and each is bound to one payment. */
export const newPageToken = () => randomBytes(24).toString('base64url');
