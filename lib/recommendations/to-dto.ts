import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { FeasibilityVerdict, RecommendationListItem, RecommendedAction, RecommendationStatus } from '@/lib/recommendations/types';

export const recommendationListInclude = {
  order: { include: { material: true, workCenter: { include: { line: true } } } },
} satisfies Prisma.RecommendationInclude;

type Row = Prisma.RecommendationGetPayload<{ include: typeof recommendationListInclude }>;

interface EvidenceOrder {
  erpOrderId: string;
  material: string;
  quantity: number;
  dueDate: string;
  workCenter: string;
}

export function toListItem(rec: Row): RecommendationListItem {
  // The order as the engine saw it (a gateway may ask about an order not yet mirrored).
  const seen = (rec.evidence as { order?: EvidenceOrder }).order;
  const order = rec.order
    ? { erpOrderId: rec.order.erpOrderId, material: rec.order.material.code, quantity: rec.order.quantity, uom: rec.order.uom, dueDate: rec.order.dueDate.toISOString() }
    : seen
      ? { erpOrderId: seen.erpOrderId, material: seen.material, quantity: seen.quantity, uom: 'EA', dueDate: seen.dueDate }
      : null;
  return {
    id: rec.id,
    type: rec.type,
    status: rec.status as RecommendationStatus,
    verdict: rec.verdict as FeasibilityVerdict,
    recommendedAction: rec.recommendedAction as RecommendedAction,
    score: rec.score,
    confidence: rec.confidence,
    summary: rec.summary,
    siteId: rec.siteId,
    lineCode: rec.order?.workCenter?.line.code ?? null,
    workCenterCode: rec.order?.workCenter?.code ?? seen?.workCenter ?? null,
    order,
    impactAt: rec.impactAt.toISOString(),
    expiresAt: rec.expiresAt.toISOString(),
    createdAt: rec.createdAt.toISOString(),
    version: rec.version,
  };
}
