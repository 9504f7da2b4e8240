import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Principal } from '@/lib/auth/principal';
import { recommendationListInclude, toListItem } from '@/lib/recommendations/to-dto';
import type { Page, RecommendationListItem } from '@/lib/recommendations/types';

const STATUSES = ['PENDING', 'APPROVED', 'AUTO_APPROVED', 'POSTED', 'POST_FAILED', 'REJECTED', 'HELD', 'EXPIRED', 'WITHDRAWN', 'SHADOW'] as const;

export const recommendationQuerySchema = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
    .pipe(z.array(z.enum(STATUSES, { message: `status must be among ${STATUSES.join(', ')}` }))),
  type: z.string().max(40).optional(),
  line: z.string().max(20).optional(),
  siteId: z.string().max(10).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export type RecommendationQuery = z.infer<typeof recommendationQuerySchema>;

/** The inbox: what the principal may see, most urgent (earliest time to impact) first. */
export async function findRecommendations(principal: Principal, q: RecommendationQuery): Promise<Page<RecommendationListItem>> {
  const scopes: Prisma.RecommendationWhereInput[] =
    principal.kind === 'user'
      ? principal.scopes.map((s) => (s.lineId ? { siteId: s.siteId, lineId: s.lineId } : { siteId: s.siteId }))
      : principal.siteIds.map((siteId) => ({ siteId }));
  if (scopes.length === 0) return { items: [], page: q.page, pageSize: q.pageSize, total: 0 };
  const where: Prisma.RecommendationWhereInput = {
    AND: [
      { OR: scopes },
      q.status.length ? { status: { in: q.status } } : {},
      q.type ? { type: q.type } : {},
      q.siteId ? { siteId: q.siteId } : {},
      q.line ? { order: { workCenter: { line: { code: q.line } } } } : {},
    ],
  };
  const [total, rows] = await Promise.all([
    db.recommendation.count({ where }),
    db.recommendation.findMany({
      where,
      include: recommendationListInclude,
      orderBy: [{ impactAt: 'asc' }, { createdAt: 'desc' }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  return { items: rows.map(toListItem), page: q.page, pageSize: q.pageSize, total };
}
