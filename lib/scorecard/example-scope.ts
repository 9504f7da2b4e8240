import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Principal } from '@/lib/auth/principal';

/** The sites a principal sees, sorted, each once. */
export function sitesInScope(principal: Principal): string[] {
  return [...new Set(principal.kind === 'user' ? principal.scopes.map((s) => s.siteId) : principal.siteIds)].sort();
}

/** True when the principal sees only some lines of the site: site-wide figures then cover those lines only. */
export function isPartialSiteScope(principal: Principal, siteId: string): boolean {
  if (principal.kind !== 'user') return false;
  const rows = principal.scopes.filter((s) => s.siteId === siteId);
  return rows.length > 0 && rows.every((s) => s.lineId !== null);
}

/** The principal's sites (and lines) over labelled examples aliased `e`; null when it sees none. */
export function exampleScopeSql(principal: Principal): Prisma.Sql | null {
  const parts =
    principal.kind === 'user'
      ? principal.scopes.map((s) => (s.lineId ? Prisma.sql`(e."siteId" = ${s.siteId} AND e."lineId" = ${s.lineId})` : Prisma.sql`(e."siteId" = ${s.siteId})`))
      : principal.siteIds.map((siteId) => Prisma.sql`(e."siteId" = ${siteId})`);
  return parts.length > 0 ? Prisma.join(parts, ' OR ') : null;
}
