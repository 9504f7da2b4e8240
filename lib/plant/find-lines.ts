import 'server-only';
import { db } from '@/lib/db';
import type { Principal } from '@/lib/auth/principal';

export async function findLines(principal: Principal): Promise<{ siteId: string; code: string; name: string }[]> {
  const sites = principal.kind === 'user' ? principal.scopes.map((s) => s.siteId) : principal.siteIds;
  const lineIds = principal.kind === 'user' ? principal.scopes.filter((s) => s.lineId).map((s) => s.lineId!) : [];
  const wholeSites = principal.kind === 'user' ? principal.scopes.filter((s) => !s.lineId).map((s) => s.siteId) : sites;
  const rows = await db.line.findMany({
    where: { OR: [{ siteId: { in: wholeSites } }, { id: { in: lineIds } }] },
    orderBy: [{ siteId: 'asc' }, { code: 'asc' }],
  });
  return rows.map((l) => ({ siteId: l.siteId, code: l.code, name: l.name }));
}
