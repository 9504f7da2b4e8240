// What the policy-change use cases (request, approve, reject, cancel) share:
// who may change policies, the per type/site lock that keeps their
// transactions in line, the signature check, and the request's view.
import 'server-only';
import { AppError } from '@/lib/errors';
import type { PolicyChange } from '@/lib/generated/prisma/client';
import { hasPermission } from '@/lib/auth/permissions';
import { canSeeScope, type Principal } from '@/lib/auth/principal';
import { lockInTransaction } from '@/lib/database/advisory-locks';
import { db, type Tx } from '@/lib/db';
import type { PolicyChangeStatus, PolicyChangeView, PolicyValues } from '@/lib/policies/types';
import type { GateStatus } from '@/lib/scorecard/types';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** A person holding policies.write: machine clients never change autonomy. */
export function requirePolicyAdmin(principal: Principal): asserts principal is UserPrincipal {
  if (principal.kind !== 'user' || !hasPermission(principal.role, 'policies.write')) {
    throw new AppError('FORBIDDEN', 'Only admins change policies (needs policies.write).');
  }
}

/** A required free text (reason, comment): trimmed, or a 400 naming the field. */
export function requireText(value: string | null | undefined, field: string, message: string): string {
  const text = value?.trim() ?? '';
  if (!text) throw new AppError('BAD_REQUEST', message, { fieldErrors: { [field]: [message] } });
  return text;
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

/** The precondition every decision on a request shares: still pending, and the version the person saw. */
export function requirePendingAt(row: PolicyChange, version: number): void {
  if (row.status !== 'PENDING') {
    throw new AppError('CONFLICT', `This request was already ${row.status.toLowerCase()}${row.decidedByName ? ` by ${row.decidedByName}` : ''}.`, {
      details: { status: row.status, currentVersion: row.version },
    });
  }
  if (row.version !== version) {
    throw new AppError('CONFLICT', 'This request changed since you opened it: review it again.', { details: { status: row.status, currentVersion: row.version } });
  }
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
    requestedBy: { id: row.requestedById, name: row.requestedByName },
    requestedAt: row.requestedAt.toISOString(),
    decidedBy: row.decidedById && row.decidedByName ? { id: row.decidedById, name: row.decidedByName } : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionComment: row.decisionComment,
    version: row.version,
  };
}
