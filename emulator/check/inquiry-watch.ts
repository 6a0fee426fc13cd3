import type { JournalEntry } from '../services/request-journal.js';

/** The journal entries that are this merchant's inquiryPayment calls about the given payments. */
export function inquiriesAbout(entries: readonly JournalEntry[], clientId: string, ids: readonly string[], afterId: number): JournalEntry[] {
  return entries.filter((e) => e.id > afterId && e.api === 'inquiryPayment' && e.clientId === clientId && ids.some((id) => e.requestBody.includes(`"${id}"`)));
}

/** The reported verdict of the --with-inquiry case (protocol §7: inquiryPayment is the truth). */
export function inquiryVerdict(found: readonly JournalEntry[], notified: number, waitedMs: number): { passed: boolean; verdict: string; notes: string[] } {
  const notes = found.map((e) => `${e.at} ${e.method} ${e.path} ${e.requestBody.replace(/\s+/g, ' ').slice(0, 160)} → ${e.resultCode ?? e.httpStatus ?? 'no answer'}`);
  if (notified === 0) return { passed: false, verdict: 'no genuine notification was sent in this run (see --only), so there was nothing to watch', notes };
  if (found.length === 0) {
    return {
      passed: false,
      verdict: `no inquiryPayment call within ${waitedMs} ms of the notifications: the integration trusts the notification body (reported, not failed)`,
      notes,
    };
  }
  return { passed: true, verdict: `the integration called inquiryPayment ${found.length} time(s) about the notified payments`, notes };
}
