import { describe, expect, it } from 'vitest';
import { backoffDelay } from '@/lib/retry/backoff';

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, within the jitter band', () => {
    const at = (attempt: number, random: number) => backoffDelay(attempt, { baseMs: 500, capMs: 30_000, random: () => random });
    expect([1, 2, 3, 4].map((a) => at(a, 1))).toEqual([500, 1000, 2000, 4000]);
    expect(at(20, 1)).toBe(30_000);
    expect(at(20, 0)).toBe(15_000);
    expect(at(3, 0)).toBe(1000);
  });
});
