import { randomFillSync, randomInt } from 'node:crypto';
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
/**
 * A page token binds a hosted page to one payment: its creation time (base 36, nine characters),
 * then 192 random bits in base64url (32 characters). The random bits make it unguessable; the
 * time in front makes tokens sort in the order they were made, so the unique index on
 * `page_token` grows at its end like the id-keyed ones (a random key dirtied one more index page
 * per pay, a quarter of the WAL frames of a group commit: bench/wal-frames).
 */
export const newPageToken = (now: number) => `${now.toString(36).padStart(9, '0')}${randomBase64url(24)}`;

// One call into the CSPRNG per 4 KB instead of one per token (randomBytes(24) alone cost a pay
// a few microseconds of the event loop); what randomInt and randomUUID already do inside Node.
const entropy = Buffer.alloc(4096);
let entropyUsed = entropy.length;

function randomBase64url(bytes: number): string {
  if (entropyUsed + bytes > entropy.length) {
    randomFillSync(entropy);
    entropyUsed = 0;
  }
  const out = entropy.toString('base64url', entropyUsed, entropyUsed + bytes);
  // each byte is handed out once
  entropyUsed += bytes;
  return out;
}
