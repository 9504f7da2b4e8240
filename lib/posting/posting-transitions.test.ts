import { describe, expect, it } from 'vitest';
import { CLAIMABLE, POSTING_TRANSITIONS, TERMINAL, canMovePosting, mustReadBackFirst, type PostingState } from '@/lib/posting/posting-transitions';

const ALL = Object.keys(POSTING_TRANSITIONS) as PostingState[];

describe('posting transitions', () => {
  it('reaches POSTED only from POSTING: nothing is posted without a claim', () => {
    for (const from of ALL) expect(canMovePosting(from, 'POSTED'), from).toBe(from === 'POSTING');
  });

  it('never leaves a terminal state', () => {
    for (const t of TERMINAL) for (const to of ALL) expect(canMovePosting(t, to)).toBe(false);
  });

  it('lets a person retry or abandon a failure, and nothing else', () => {
    expect(POSTING_TRANSITIONS.FAILED).toEqual(['IN_DOUBT', 'ABANDONED']);
    for (const from of ALL) expect(canMovePosting(from, 'ABANDONED'), from).toBe(from === 'FAILED');
  });

  it('claims only waiting states, and reads back after an unknown outcome', () => {
    for (const s of CLAIMABLE) expect(canMovePosting(s, 'POSTING')).toBe(true);
    expect(mustReadBackFirst('IN_DOUBT')).toBe(true);
    expect(mustReadBackFirst('POSTING')).toBe(true);
    expect(mustReadBackFirst('QUEUED')).toBe(false);
    expect(mustReadBackFirst('RETRYING')).toBe(false);
  });
});
