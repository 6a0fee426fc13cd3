import { describe, expect, it } from 'vitest';
import { newCaptureRequestId, newNotificationId, newPageToken, newPaymentId, newTransactionId } from '../../emulator/services/ids.js';

describe('ids (services/ids.ts, protocol §10)', () => {
  it('are 32 digits: the date and time of day in Korea, a kind, then random digits', () => {
    // 2026-12-06 04:05:06.789 UTC is 13:05:06.789 in Korea
    const at = Date.UTC(2026, 11, 6, 4, 5, 6, 789);
    for (const [make, kind] of [[newPaymentId, '1190'], [newTransactionId, '1180'], [newCaptureRequestId, '1170'], [newNotificationId, '1160']] as const) {
      const id = make(at);
      expect(id).toMatch(/^\d{32}$/);
      expect(id.slice(0, 21)).toBe(`20261206${kind}130506789`);
    }
    // just before midnight in Korea the date is still the 6th
    expect(newPaymentId(Date.UTC(2026, 11, 6, 14, 59, 59, 999)).slice(0, 21)).toBe('202612061190235959999');
  });

  it('made one after another, sort one after another (new rows land on the last index page), and never repeat', () => {
    const start = Date.UTC(2026, 11, 6, 0, 0, 0, 0);
    const ids = Array.from({ length: 5_000 }, (_, i) => newPaymentId(start + Math.floor(i / 10)));
    // in order across milliseconds; within one millisecond the random digits decide
    for (let i = 10; i < ids.length; i += 10) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('page tokens: the creation time, then 192 random bits; made one after another, they sort one after another', () => {
    const start = Date.UTC(2026, 11, 6, 0, 0, 0, 0);
    const tokens = Array.from({ length: 5_000 }, (_, i) => newPageToken(start + i));
    for (const token of tokens) expect(token).toMatch(/^[0-9a-z]{9}[A-Za-z0-9_-]{32}$/);
    for (let i = 1; i < tokens.length; i += 1) expect(tokens[i]! > tokens[i - 1]!).toBe(true);
    expect(parseInt(tokens[0]!.slice(0, 9), 36)).toBe(start);
    // within one millisecond only the random part differs, and never repeats (the pool hands each byte out once)
    const sameMillisecond = Array.from({ length: 1_000 }, () => newPageToken(start).slice(9));
    expect(new Set(sameMillisecond).size).toBe(sameMillisecond.length);
  });
});
