import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { requirePendingAt, requireText } from '@/lib/governance/four-eyes';
import { describePolicyChange } from '@/lib/policies/describe-policy-change';
import { fromValues, getPolicyChangeOrThrow, requirePolicyAdmin, toPolicyChangeView, toValues } from '@/lib/policies/policy-change';
import type { PolicyChangeView } from '@/lib/policies/types';

export interface RejectPolicyChangeInput {
  /** The request's version as the person saw it. */
  version: number;
  comment: string;
}

/** A second admin turns a policy change down, saying why. The policy stays as it is. */
export async function rejectPolicyChange(principal: Principal, changeId: string, input: RejectPolicyChangeInput): Promise<PolicyChangeView> {
  const request = await getPolicyChangeOrThrow(principal, changeId);
  requirePolicyAdmin(principal);
  if (request.requestedById === principal.id) {
    throw new AppError('FORBIDDEN', 'You requested this change: cancel it instead, or let a different admin decide.');
  }
  const comment = requireText(input.comment, 'comment', 'Give the reason for rejecting');
  requirePendingAt(request, input.version);

  const row = await db.$transaction(async (tx) => {
    const decided = await tx.policyChange.updateMany({
      where: { id: request.id, version: input.version, status: 'PENDING' },
      data: { status: 'REJECTED', decidedById: principal.id, decidedByName: principal.name, decidedAt: new Date(), decisionComment: comment, version: { increment: 1 } },
    });
    if (decided.count !== 1) throw new AppError('CONFLICT', 'Someone else decided this request a moment ago: review it again.');
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'policy.change_rejected',
      entityType: 'PolicyChange',
      entityId: request.id,
      siteId: request.siteId,
      data: {
        type: request.policyType,
        change: describePolicyChange(fromValues(request), toValues(request)),
        reason: request.reason,
        requestedBy: { id: request.requestedById, name: request.requestedByName },
        comment,
      },
    });
    return tx.policyChange.findUniqueOrThrow({ where: { id: request.id } });
  });
  return toPolicyChangeView(row);
}
