// Exponential backoff with jitter, shared by reconnects and database retries. Pure.
export function backoffDelay(attempt: number, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const base = options.baseMs ?? 500;
  const cap = options.capMs ?? 30_000;
  const exp = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  // Full jitter on the upper half: many clients restarting together spread out.
  return Math.round(exp / 2 + (options.random ?? Math.random)() * (exp / 2));
}
