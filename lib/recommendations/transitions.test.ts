import { describe, expect, it } from 'vitest';
import { TRANSITIONS, canTransition, isOpen, statusAfterDecision } from '@/lib/recommendations/transitions';
import type { RecommendationStatus } from '@/lib/recommendations/types';

const ALL = Object.keys(TRANSITIONS) as RecommendationStatus[];

describe('recommendation transitions', () => {
  it('lets a person decide only open recommendations', () => {
    for (const from of ALL) {
      const decidable = canTransition(from, 'APPROVED') && canTransition(from, 'REJECTED');
      expect(decidable, from).toBe(from === 'PENDING' || from === 'HELD');
    }
  });

  it('never leaves a terminal status', () => {
    for (const s of ['POSTED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'] as const) {
      for (const to of ALL) expect(canTransition(s, to), `${s}→${to}`).toBe(false);
    }
  });

  it('only posts what was approved', () => {
    for (const from of ALL) expect(canTransition(from, 'POSTED'), from).toBe(from === 'APPROVED' || from === 'AUTO_APPROVED');
  });

  it('maps decisions to statuses', () => {
    expect(statusAfterDecision('APPROVE')).toBe('APPROVED');
    expect(statusAfterDecision('REJECT')).toBe('REJECTED');
    expect(statusAfterDecision('HOLD')).toBe('HELD');
    expect(canTransition('HELD', 'HELD')).toBe(false);
    expect(isOpen('HELD')).toBe(true);
    expect(isOpen('APPROVED')).toBe(false);
  });

  it('names only known statuses as targets', () => {
    for (const targets of Object.values(TRANSITIONS)) for (const t of targets) expect(ALL).toContain(t);
  });
});
