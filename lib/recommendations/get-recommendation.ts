import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { canSeeScope, type Principal } from '@/lib/auth/principal';
import { decidePermissionFor, hasPermission } from '@/lib/auth/permissions';
import { toListItem, recommendationListInclude } from '@/lib/recommendations/to-dto';
import { getReasonCode } from '@/lib/recommendations/reason-codes';
import { DECIDABLE_STATUSES, type DecisionView, type Evidence, type Finding, type ProposedErpAction, type RecommendationDetail, type RecommendationStatus } from '@/lib/recommendations/types';

/** The raw row, if the principal may see it; NOT_FOUND otherwise (never FORBIDDEN: existence is not disclosed). */
export async function getRecommendationOrThrow(principal: Principal, id: string) {
  const rec = await db.recommendation.findUnique({ where: { id } });
  if (!rec || !canSeeScope(principal, rec.siteId, rec.lineId)) throw new AppError('NOT_FOUND', 'Recommendation not found');
  return rec;
}

function describe(action: string, data: Record<string, unknown>, decisionType: string): string {
  const d = data as Record<string, string | number | string[] | undefined | null | { meaning?: string }>;
  switch (action) {
    case 'recommendation.created':
    case 'recommendation.shadow_recorded':
      return `Scored ${d.verdict} → ${d.recommendedAction} (score ${d.score}, ${d.modelVersion}); source ${d.source}`;
    case 'recommendation.approved':
    case 'recommendation.rejected':
    case 'recommendation.held':
    case 'recommendation.auto_approved': {
      const sig = d.signature as { meaning?: string } | undefined;
      const reason = typeof d.reasonCode === 'string' ? ` — reason: ${getReasonCode(decisionType, d.reasonCode)?.label ?? d.reasonCode}` : '';
      return `${sig?.meaning ?? d.meaning ?? ''}${reason}${d.comment ? ` — “${d.comment}”` : ''}`;
    }
    case 'recommendation.withdrawn':
      return String(d.reason ?? '');
    case 'posting.queued':
      return `${d.method} ${d.path}`;
    case 'posting.posted':
      return `ERP accepted${Array.isArray(d.messages) ? ': ' + (d.messages as unknown as { text: string }[]).map((m) => m.text).join('; ') : ''}`;
    case 'posting.failed':
      return `ERP refused: ${d.error}`;
    case 'posting.retry_scheduled':
      return `Attempt ${d.attempt} failed (${d.error}); retry at ${d.retryAt}`;
    default:
      return '';
  }
}

export async function getRecommendationDetail(principal: Principal, id: string): Promise<RecommendationDetail> {
  // One read: the scope check uses the same row the page shows.
  const rec = await db.recommendation.findUnique({
    where: { id },
    include: { ...recommendationListInclude, decisions: { orderBy: { createdAt: 'asc' } }, postings: { orderBy: { createdAt: 'asc' } } },
  });
  if (!rec || !canSeeScope(principal, rec.siteId, rec.lineId)) throw new AppError('NOT_FOUND', 'Recommendation not found');
  const postingIds = rec.postings.map((p) => p.id);
  const audit = await db.auditEvent.findMany({
    where: { OR: [{ entityType: 'Recommendation', entityId: id }, { entityType: 'ErpPosting', entityId: { in: postingIds } }] },
    orderBy: { seq: 'asc' },
  });
  const permission = decidePermissionFor(rec.type);
  return {
    ...toListItem(rec),
    findings: rec.findings as unknown as Finding[],
    evidence: rec.evidence as unknown as Evidence,
    proposedAction: rec.proposedAction as unknown as ProposedErpAction,
    modelVersion: rec.modelVersion,
    earliestStart: rec.earliestStart?.toISOString() ?? null,
    decisions: rec.decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      actorName: d.actorName,
      isAutomatic: d.userId === null,
      comment: d.comment,
      reasonCode: d.reasonCode,
      edit: (d.edit as DecisionView['edit']) ?? null,
      signatureMeaning: d.signatureMeaning,
      createdAt: d.createdAt.toISOString(),
    })),
    postings: rec.postings.map((p) => ({
      id: p.id,
      state: p.state,
      operation: p.operation,
      attempts: p.attempts,
      erpDocument: p.erpDocument,
      messages: (p.messages as { severity: string; code: string; text: string }[] | null) ?? [],
      lastError: p.lastError,
      updatedAt: p.updatedAt.toISOString(),
      postedAt: p.postedAt?.toISOString() ?? null,
    })),
    history: audit.map((a) => ({ at: a.at.toISOString(), actorName: a.actorName, action: a.action, detail: describe(a.action, a.data as Record<string, unknown>, rec.type) })),
    can: {
      reverse:
        principal.kind === 'user' &&
        !!permission &&
        hasPermission(principal.role, permission) &&
        rec.postings.some((p) => p.state === 'POSTED' && p.operation === 'GOODS_MOVEMENT') &&
        !rec.postings.some((p) => p.operation === 'CANCEL_DOCUMENT' && p.state !== 'ABANDONED'),
      resolvePosting: principal.kind === 'user' && !!permission && hasPermission(principal.role, permission) && rec.postings.some((p) => p.state === 'FAILED'),
      decide:
        principal.kind === 'user' &&
        !!permission &&
        hasPermission(principal.role, permission) &&
        DECIDABLE_STATUSES.includes(rec.status as RecommendationStatus) &&
        rec.expiresAt > new Date(),
    },
  };
}
