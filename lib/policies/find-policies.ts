import 'server-only';
import { db } from '@/lib/db';
import type { Principal } from '@/lib/auth/principal';
import { DECISION_TYPE_MODULE } from '@/lib/auth/permissions';
import { DEFAULT_POLICY } from '@/lib/policies/get-policy';

export interface PolicyView {
  id: string;
  type: string;
  siteId: string;
  mode: 'OFF' | 'SHADOW' | 'SUPERVISED' | 'AUTO';
  autoThreshold: number;
  atRiskThreshold: number;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** One row per decision type × site in scope; a type/site without a row shows the default. */
export async function findPolicies(principal: Principal): Promise<PolicyView[]> {
  const sites = [...new Set(principal.kind === 'user' ? principal.scopes.map((s) => s.siteId) : principal.siteIds)].sort();
  const rows = await db.policy.findMany({ where: { siteId: { in: sites } } });
  const users = await db.user.findMany({ where: { id: { in: rows.map((r) => r.updatedById).filter((x): x is string => !!x) } }, select: { id: true, name: true } });
  const out: PolicyView[] = [];
  for (const siteId of sites) {
    for (const type of Object.keys(DECISION_TYPE_MODULE)) {
      const r = rows.find((x) => x.siteId === siteId && x.type === type);
      out.push(
        r
          ? { id: r.id, type, siteId, mode: r.mode, autoThreshold: r.autoThreshold, atRiskThreshold: r.atRiskThreshold, version: r.version, updatedAt: r.updatedAt.toISOString(), updatedBy: users.find((u) => u.id === r.updatedById)?.name ?? null }
          : { id: `${type}:${siteId}`, type, siteId, ...DEFAULT_POLICY, updatedAt: new Date(0).toISOString(), updatedBy: null },
      );
    }
  }
  return out;
}
