import 'server-only';
import { verifySignature } from '@/lib/auth/verify-signature';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { requirePendingAt } from '@/lib/governance/four-eyes';
import { describePolicyChange } from '@/lib/policies/describe-policy-change';
import { getPolicy } from '@/lib/policies/get-policy';
import {
  fromValues,
  getPolicyChangeOrThrow,
  lockPolicy,
  requirePolicyAdmin,
  toPolicyChangeView,
  toValues,
} from '@/lib/policies/policy-change';
import type { PolicyChangeView } from '@/lib/policies/types';

const STALE = 'The policy changed since the request: ask again.';

export interface ApprovePolicyChangeInput {
  /** The request's version as the approver saw it: a newer one means someone acted first. */
  version: number;
  /** Re-authentication for the electronic signature. */
  password: string;
  comment?: string | null;
}

/**
 * A second admin approves a policy change, with a signature: in one
 * transaction the request is approved and the policy takes the requested
 * values (a new version, updated by the approver), with one audit event naming
 * both people. Recommendations scored from then on follow it; those already
 * scored keep the policy they were scored under.
 */
export async function approvePolicyChange(principal: Principal, changeId: string, input: ApprovePolicyChangeInput): Promise<PolicyChangeView> {
  const request = await getPolicyChangeOrThrow(principal, changeId);
  requirePolicyAdmin(principal);
  if (request.requestedById === principal.id) {
    throw new AppError('FORBIDDEN', 'You requested this change: a different admin must approve it (four-eyes rule).');
  }
  await verifySignature(principal.id, input.password);
  requirePendingAt(request, input.version);
  // Checked early for a clear answer; checked again under the lock, where it counts.
  if ((await getPolicy(request.policyType, request.siteId)).version !== request.basedOnVersion) throw new AppError('CONFLICT', STALE);

  const comment = input.comment?.trim() || null;
  const now = new Date();
  const from = fromValues(request);
  const to = toValues(request);
  const row = await db.$transaction(async (tx) => {
    await lockPolicy(tx, request.policyType, request.siteId);
    const decided = await tx.policyChange.updateMany({
      where: { id: request.id, version: input.version, status: 'PENDING' },
      data: { status: 'APPROVED', decidedById: principal.id, decidedByName: principal.name, decidedAt: now, decisionComment: comment, version: { increment: 1 } },
    });
    if (decided.count !== 1) throw new AppError('CONFLICT', 'Someone else decided this request a moment ago: review it again.');

    const current = await tx.policy.findUnique({ where: { type_siteId: { type: request.policyType, siteId: request.siteId } } });
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== request.basedOnVersion) throw new AppError('CONFLICT', STALE);
    const data = { mode: to.mode, autoThreshold: to.autoThreshold, atRiskThreshold: to.atRiskThreshold, updatedById: principal.id };
    let policyId: string;
    if (current) {
      const changed = await tx.policy.updateMany({ where: { id: current.id, version: current.version }, data: { ...data, version: { increment: 1 } } });
      if (changed.count !== 1) throw new AppError('CONFLICT', STALE);
      policyId = current.id;
    } else {
      policyId = (await tx.policy.create({ data: { type: request.policyType, siteId: request.siteId, ...data, version: 1 } })).id;
    }
    const meaning = `Approve the ${request.policyType} policy at site ${request.siteId}: ${describePolicyChange(from, to)}`;
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'policy.changed',
      entityType: 'Policy',
      entityId: policyId,
      siteId: request.siteId,
      data: {
        changeId: request.id,
        type: request.policyType,
        before: current ? { mode: current.mode, autoThreshold: current.autoThreshold, atRiskThreshold: current.atRiskThreshold, version: current.version } : null,
        after: { ...to, version: currentVersion + 1 },
        reason: request.reason,
        requestedBy: { id: request.requestedById, name: request.requestedByName, at: request.requestedAt.toISOString() },
        approvedBy: { id: principal.id, name: principal.name, email: principal.email },
        signature: { signer: principal.name, meaning, signedAt: now.toISOString(), reauthenticated: true },
        comment,
      },
    });
    return tx.policyChange.findUniqueOrThrow({ where: { id: request.id } });
  });
  return toPolicyChangeView(row);
}
