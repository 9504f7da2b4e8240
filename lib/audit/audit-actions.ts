// The closed set of audited actions.
export const AUDIT_ACTIONS = [
  'recommendation.created',
  'recommendation.approved',
  'recommendation.auto_approved',
  'recommendation.rejected',
  'recommendation.held',
  'recommendation.withdrawn',
  'recommendation.shadow_recorded',
  'posting.queued',
  'posting.attempt',
  'posting.posted',
  'posting.failed',
  'posting.retry_scheduled',
  'posting.retried_by_person',
  'posting.abandoned',
  'order.synced',
  'order.status_changed',
  'policy.changed',
  'user.created',
  'api_key.created',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
