/**
 * Retries with "full jitter" backoff: attempt n waits a random time in [0, min(max, base·2ⁿ)],
 * so many clients retrying after one outage do not arrive together.
 */
export interface RetryPolicy {
  /** retries after the first attempt; 0 disables retrying */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 200, maxDelayMs: 3_000 };

export function backoffDelayMs(policy: RetryPolicy, retryIndex: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
