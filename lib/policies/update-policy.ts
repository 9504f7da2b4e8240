import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, canSeeScope, type Principal } from '@/lib/auth/principal';
import { DECISION_TYPE_MODULE, hasPermission } from '@/lib/auth/permissions';
import { findPolicies, type PolicyView } from '@/lib/policies/find-policies';

export const updatePolicySchema = z
  .object({
    type: z.enum(Object.keys(DECISION_TYPE_MODULE) as [string, ...string[]], { message: 'unknown decision type' }),
    siteId: z.string().trim().min(1).max(10),
    mode: z.enum(['OFF', 'SHADOW', 'SUPERVISED', 'AUTO']),
    autoThreshold: z.number().min(0.5, 'the auto-release threshold must be at least 50 %').max(1, 'at most 100 %'),
    atRiskThreshold: z.number().min(0, 'at least 0 %').max(1, 'at most 100 %'),
    version: z.number().int().min(0),
  })
  .refine((p) => p.atRiskThreshold <= p.autoThreshold, { path: ['atRiskThreshold'], message: 'the at-risk threshold cannot be above the auto-release threshold' });

export type UpdatePolicyInput = z.infer<typeof updatePolicySchema>;

/**
 * Sets a decision type's autonomy and thresholds at a site. Applies to
 * recommendations scored after it; the change and the values it replaced are audited.
 */
export async function updatePolicy(principal: Principal, input: UpdatePolicyInput): Promise<PolicyView> {
  if (!canSeeScope(principal, input.siteId)) throw new AppError('NOT_FOUND', `Site ${input.siteId} not found`);
  if (!hasPermission(principal.role, 'policies.write') || principal.kind !== 'user') throw new AppError('FORBIDDEN', 'Only admins change policies.');
  await db.$transaction(async (tx) => {
    const current = await tx.policy.findUnique({ where: { type_siteId: { type: input.type, siteId: input.siteId } } });
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== input.version) throw new AppError('CONFLICT', 'Someone changed this policy since you loaded it: review the current values.');
    const data = { mode: input.mode, autoThreshold: input.autoThreshold, atRiskThreshold: input.atRiskThreshold, updatedById: principal.id };
    let id: string;
    if (current) {
      const changed = await tx.policy.updateMany({ where: { id: current.id, version: current.version }, data: { ...data, version: { increment: 1 } } });
      if (changed.count !== 1) throw new AppError('CONFLICT', 'Someone changed this policy since you loaded it: review the current values.');
      id = current.id;
    } else {
      id = (await tx.policy.create({ data: { type: input.type, siteId: input.siteId, ...data, version: 1 } })).id;
    }
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'policy.changed',
      entityType: 'Policy',
      entityId: id,
      siteId: input.siteId,
      data: {
        type: input.type,
        before: current ? { mode: current.mode, autoThreshold: current.autoThreshold, atRiskThreshold: current.atRiskThreshold, version: current.version } : null,
        after: { mode: input.mode, autoThreshold: input.autoThreshold, atRiskThreshold: input.atRiskThreshold, version: currentVersion + 1 },
      },
    });
  });
  const all = await findPolicies(principal);
  return all.find((p) => p.type === input.type && p.siteId === input.siteId)!;
}
