// The lifecycle of a recommendation, as data. Every status change goes through
// `assertTransition`, so an impossible move is a bug caught at once.
import type { DecisionOutcome, RecommendationStatus } from '@/lib/recommendations/types';

export const TRANSITIONS: Record<RecommendationStatus, readonly RecommendationStatus[]> = {
  PENDING: ['APPROVED', 'REJECTED', 'HELD', 'EXPIRED', 'WITHDRAWN'],
  HELD: ['APPROVED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'],
  APPROVED: ['POSTED', 'POST_FAILED'],
  AUTO_APPROVED: ['POSTED', 'POST_FAILED'],
  POST_FAILED: ['APPROVED', 'WITHDRAWN'],
  POSTED: [],
  REJECTED: [],
  EXPIRED: [],
  WITHDRAWN: [],
  SHADOW: ['WITHDRAWN', 'EXPIRED'],
};

/** The status a new recommendation starts in, by the policy that applies to it. */
export const INITIAL_STATUSES: readonly RecommendationStatus[] = ['PENDING', 'AUTO_APPROVED', 'SHADOW'];

export function canTransition(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function statusAfterDecision(outcome: DecisionOutcome): RecommendationStatus {
  return outcome === 'APPROVE' ? 'APPROVED' : outcome === 'REJECT' ? 'REJECTED' : 'HELD';
}

export function isOpen(status: RecommendationStatus): boolean {
  return status === 'PENDING' || status === 'HELD';
}
