// What the policy-change use cases (request, approve, reject, cancel) share:
// who may change policies, the per type/site lock that keeps their
// transactions in line, the signature check, and the request's view.
import 'server-only';
import { AppError } from '@/lib/errors';
import type { PolicyChange } from '@/lib/generated/prisma/client';
import { hasPermission } from '@/lib/auth/permissions';
import { canSeeScope, type Principal, type UserPrincipal } from '@/lib/auth/principal';
import { lockInTransaction } from '@/lib/database/advisory-locks';
import { db, type Tx } from '@/lib/db';
import { toTrailView } from '@/lib/governance/four-eyes';
import type { PolicyChangeStatus, PolicyChangeView, PolicyValues } from '@/lib/policies/types';
import type { GateStatus } from '@/lib/scorecard/types';

/** A person holding policies.write: machine clients never change autonomy. */
export function requirePolicyAdmin(principal: Principal): asserts principal is UserPrincipal {
  if (principal.kind !== 'user' || !hasPermission(principal.role, 'policies.write')) {
    throw new AppError('FORBIDDEN', 'Only admins change policies (needs policies.write).');
  }
}

/**
 * Serialises the changes of one type/site's policy: two requests cannot both
 * become the pending one, and an approval sees the policy as the last one left it.
 */
export async function lockPolicy(tx: Tx, type: string, siteId: string): Promise<void> {
  await lockInTransaction(tx, 'policyChange', `${type}:${siteId}`);
}

/** A policy change the principal may see, or NOT_FOUND (a request of a site outside the scope is not found either). */
export async function getPolicyChangeOrThrow(principal: Principal, changeId: string): Promise<PolicyChange> {
  const row = await db.policyChange.findUnique({ where: { id: changeId } });
  if (!row || !canSeeScope(principal, row.siteId)) throw new AppError('NOT_FOUND', 'No such policy change request');
  return row;
}

export function fromValues(row: PolicyChange): PolicyValues {
  return { mode: row.fromMode, autoThreshold: row.fromAutoThreshold, atRiskThreshold: row.fromAtRiskThreshold };
}

export function toValues(row: PolicyChange): PolicyValues {
  return { mode: row.toMode, autoThreshold: row.toAutoThreshold, atRiskThreshold: row.toAtRiskThreshold };
}

/** The stored gate, when it has the shape requestPolicyChange writes. */
function gateOf(value: unknown): GateStatus | null {
  if (typeof value !== 'object' || value === null) return null;
  const gate = value as Partial<GateStatus>;
  return typeof gate.mode === 'string' && typeof gate.evaluation === 'object' && gate.evaluation !== null ? (gate as GateStatus) : null;
}

export function toPolicyChangeView(row: PolicyChange): PolicyChangeView {
  return {
    id: row.id,
    type: row.policyType,
    siteId: row.siteId,
    basedOnVersion: row.basedOnVersion,
    from: fromValues(row),
    to: toValues(row),
    status: row.status as PolicyChangeStatus,
    reason: row.reason,
    gate: gateOf(row.gate),
    ...toTrailView(row),
  };
}
