// The life of an ERP posting, as data (house-style 7). Terminal: POSTED,
// ABANDONED. FAILED waits for a person (retry or abandon).
export type PostingState = 'QUEUED' | 'POSTING' | 'POSTED' | 'RETRYING' | 'FAILED' | 'IN_DOUBT' | 'ABANDONED';

export const POSTING_TRANSITIONS: Record<PostingState, readonly PostingState[]> = {
  QUEUED: ['POSTING'],
  // A claim whose lease ran out (the worker died mid-call) is taken over as in doubt.
  POSTING: ['POSTED', 'RETRYING', 'IN_DOUBT', 'FAILED', 'POSTING'],
  RETRYING: ['POSTING'],
  IN_DOUBT: ['POSTING'],
  // A person's retry goes through IN_DOUBT: the failure may have followed a commit, so it reads back first.
  FAILED: ['IN_DOUBT', 'ABANDONED'],
  POSTED: [],
  ABANDONED: [],
};

/** States a worker may claim. */
export const CLAIMABLE: readonly PostingState[] = ['QUEUED', 'RETRYING', 'IN_DOUBT'];
export const TERMINAL: readonly PostingState[] = ['POSTED', 'ABANDONED'];

export function canMovePosting(from: PostingState, to: PostingState): boolean {
  return POSTING_TRANSITIONS[from].includes(to);
}

/** Whether the next attempt must read the ERP back before sending anything. */
export function mustReadBackFirst(previous: PostingState): boolean {
  return previous === 'IN_DOUBT' || previous === 'POSTING';
}
