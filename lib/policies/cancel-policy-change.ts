import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { requirePendingAt } from '@/lib/governance/four-eyes';
import { describePolicyChange } from '@/lib/policies/describe-policy-change';
import { fromValues, getPolicyChangeOrThrow, requirePolicyAdmin, toPolicyChangeView, toValues } from '@/lib/policies/policy-change';
import type { PolicyChangeView } from '@/lib/policies/types';

export interface CancelPolicyChangeInput {
  /** The request's version as the requester saw it. */
  version: number;
  comment?: string | null;
}

/** The requester withdraws their own policy change, which frees the type/site for another request. */
export async function cancelPolicyChange(principal: Principal, changeId: string, input: CancelPolicyChangeInput): Promise<PolicyChangeView> {
  const request = await getPolicyChangeOrThrow(principal, changeId);
  requirePolicyAdmin(principal);
  if (request.requestedById !== principal.id) {
    throw new AppError('FORBIDDEN', `Only ${request.requestedByName}, who requested it, can cancel this change; reject it instead.`);
  }
  requirePendingAt(request, input.version);
  const comment = input.comment?.trim() || null;

  const row = await db.$transaction(async (tx) => {
    const decided = await tx.policyChange.updateMany({
      where: { id: request.id, version: input.version, status: 'PENDING' },
      data: { status: 'CANCELLED', decidedById: principal.id, decidedByName: principal.name, decidedAt: new Date(), decisionComment: comment, version: { increment: 1 } },
    });
    if (decided.count !== 1) throw new AppError('CONFLICT', 'Someone decided this request a moment ago: review it again.');
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'policy.change_cancelled',
      entityType: 'PolicyChange',
      entityId: request.id,
      siteId: request.siteId,
      data: { type: request.policyType, change: describePolicyChange(fromValues(request), toValues(request)), reason: request.reason, comment },
    });
    return tx.policyChange.findUniqueOrThrow({ where: { id: request.id } });
  });
  return toPolicyChangeView(row);
}
