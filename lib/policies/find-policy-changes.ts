import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hasPermission } from '@/lib/auth/permissions';
import { canSeeScope, type Principal } from '@/lib/auth/principal';
import { toPolicyChangeView } from '@/lib/policies/policy-change';
import type { PolicyChangeFilters } from '@/lib/policies/policy-change.schema';
import type { PolicyChangeView } from '@/lib/policies/types';

/** Enough decided requests for the page; older ones stay in the audit trail. */
const HISTORY_LIMIT = 100;

/**
 * Policy changes of the sites the principal sees: every pending one first
 * (at most one per type/site), then the decided ones, newest first.
 */
export async function findPolicyChanges(principal: Principal, filters: PolicyChangeFilters = {}): Promise<PolicyChangeView[]> {
  if (!hasPermission(principal.role, 'policies.read')) throw new AppError('FORBIDDEN', 'Your role may not see policies (needs policies.read).');
  if (filters.siteId && !canSeeScope(principal, filters.siteId)) throw new AppError('NOT_FOUND', `Site ${filters.siteId} not found`);
  const sites = filters.siteId ? [filters.siteId] : [...new Set(principal.kind === 'user' ? principal.scopes.map((s) => s.siteId) : principal.siteIds)];
  const where = { siteId: { in: sites }, ...(filters.type ? { policyType: filters.type } : {}) };
  const order = [{ requestedAt: 'desc' as const }, { id: 'desc' as const }];
  const [pending, decided] = await Promise.all([
    !filters.status || filters.status === 'PENDING' ? db.policyChange.findMany({ where: { ...where, status: 'PENDING' }, orderBy: order }) : [],
    filters.status === 'PENDING'
      ? []
      : db.policyChange.findMany({ where: { ...where, status: filters.status ?? { not: 'PENDING' } }, orderBy: order, take: HISTORY_LIMIT }),
  ]);
  return [...pending, ...decided].map(toPolicyChangeView);
}
