import { backoffDelay } from '@/lib/retry/backoff';

/** Delay before a posting's next attempt: the shared backoff with the posting's base and cap. */
export function retryDelayMs(attempt: number, random: () => number = Math.random, baseMs = 2_000, capMs = 5 * 60_000): number {
  return backoffDelay(attempt, { baseMs, capMs, random });
}
