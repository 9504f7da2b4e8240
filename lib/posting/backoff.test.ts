import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '@/lib/posting/backoff';

describe('retry backoff', () => {
  it('doubles per attempt within jitter bounds', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1000);
    expect(retryDelayMs(1, () => 1)).toBe(2000);
    expect(retryDelayMs(3, () => 0)).toBe(4000);
    expect(retryDelayMs(3, () => 1)).toBe(8000);
  });

  it('is capped', () => {
    expect(retryDelayMs(40, () => 1)).toBe(300_000);
    expect(retryDelayMs(40, () => 0)).toBe(150_000);
  });
});
