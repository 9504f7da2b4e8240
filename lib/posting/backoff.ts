// Exponential backoff with full jitter and a cap (pure, tested).
export const MAX_POSTING_ATTEMPTS = 6;

export function retryDelayMs(attempt: number, random: () => number = Math.random, baseMs = 2_000, capMs = 5 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
