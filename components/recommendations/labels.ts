// Words for the codes the API sends, in one place so the inbox and the detail
// page never disagree about what "AT_RISK" is called or what colour it gets.
import type { BadgeTone } from '@/components/ui/badge';
import type { DecisionOutcome, FeasibilityVerdict, PostingView, RecommendationStatus, RecommendedAction } from '@/lib/recommendations/types';

export const VERDICT: Record<FeasibilityVerdict, { label: string; tone: BadgeTone }> = {
  FEASIBLE: { label: 'Feasible', tone: 'green' },
  FEASIBLE_WITH_NOTES: { label: 'Feasible with notes', tone: 'teal' },
  AT_RISK: { label: 'At risk', tone: 'amber' },
  BLOCKED: { label: 'Blocked', tone: 'red' },
};

export const STATUS: Record<RecommendationStatus, { label: string; tone: BadgeTone }> = {
  PENDING: { label: 'Pending', tone: 'blue' },
  HELD: { label: 'Held', tone: 'amber' },
  APPROVED: { label: 'Approved', tone: 'teal' },
  AUTO_APPROVED: { label: 'Auto-approved', tone: 'teal' },
  POSTED: { label: 'Posted', tone: 'green' },
  POST_FAILED: { label: 'Post failed', tone: 'red' },
  REJECTED: { label: 'Rejected', tone: 'neutral' },
  EXPIRED: { label: 'Expired', tone: 'neutral' },
  WITHDRAWN: { label: 'Withdrawn', tone: 'neutral' },
  SHADOW: { label: 'Shadow', tone: 'neutral' },
};

export const ACTION_LABEL: Record<RecommendedAction, string> = {
  RELEASE_ORDER: 'Release order',
  DELAY_RELEASE: 'Delay release',
  HOLD_ORDER: 'Hold order',
};

export const OUTCOME_LABEL: Record<DecisionOutcome, string> = {
  APPROVE: 'Approved',
  REJECT: 'Rejected',
  HOLD: 'Held',
};

export const POSTING_STATE: Record<PostingView['state'], { label: string; tone: BadgeTone }> = {
  QUEUED: { label: 'Queued', tone: 'blue' },
  POSTING: { label: 'Posting…', tone: 'blue' },
  POSTED: { label: 'Posted', tone: 'green' },
  RETRYING: { label: 'Retrying', tone: 'amber' },
  FAILED: { label: 'Failed', tone: 'red' },
  IN_DOUBT: { label: 'In doubt', tone: 'amber' },
  ABANDONED: { label: 'Abandoned', tone: 'red' },
};

export const TYPE_LABEL: Record<string, string> = {
  ORDER_RELEASE: 'Order release',
};

export function typeLabel(type: string): string {
  return TYPE_LABEL[type] ?? type;
}
