import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Principal } from '@/lib/auth/principal';

const code = z.string().trim().min(1).max(40);
/** Where Perspective wants the console to open: a launch token's claims, or an interlock:navigate message. */
export const launchTargetSchema = z.object({ site: code.optional(), line: code.optional(), order: code.optional() });
export type LaunchTarget = z.infer<typeof launchTargetSchema>;

const OPEN_FIRST: Record<string, number> = { PENDING: 0, HELD: 1 };

/**
 * The console page for a target, within what the principal may see: the
 * order's recommendation (an open one before a decided one, the newest first),
 * else the inbox filtered to the line, else the inbox. A target outside the
 * principal's scope lands on the inbox, the same as an unknown one: the answer
 * does not tell which orders exist elsewhere.
 */
export async function resolveLaunchTarget(principal: Principal, target: LaunchTarget): Promise<string> {
  if (target.order) {
    const scopes: Prisma.RecommendationWhereInput[] =
      principal.kind === 'user'
        ? principal.scopes.map((s) => (s.lineId ? { siteId: s.siteId, lineId: s.lineId } : { siteId: s.siteId }))
        : principal.siteIds.map((siteId) => ({ siteId }));
    if (scopes.length) {
      const recs = await db.recommendation.findMany({
        where: { AND: [{ OR: scopes }, { order: { erpOrderId: target.order } }, target.site ? { siteId: target.site } : {}] },
        select: { id: true, status: true },
        orderBy: { createdAt: 'desc' },
        take: 20,
      });
      const best = [...recs].sort((a, b) => (OPEN_FIRST[a.status] ?? 9) - (OPEN_FIRST[b.status] ?? 9))[0];
      if (best) return `/recommendations/${encodeURIComponent(best.id)}`;
    }
  }
  if (target.line) return `/inbox?line=${encodeURIComponent(target.line)}`;
  return '/inbox';
}
