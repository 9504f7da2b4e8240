import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { modelId } from '@/lib/ml/model-card';
import { requirePendingAt } from '@/lib/governance/four-eyes';
import { getModelPromotionOrThrow, requireModelEngine, requireModelManager, toPromotionView } from '@/lib/models/model-lifecycle';
import type { ModelPromotionView } from '@/lib/models/types';

export interface CancelModelPromotionOptions {
  engine: string;
  promotionId: string;
  /** The request's version as the requester saw it. */
  version: number;
  principal: Principal;
  comment?: string | null;
}

/** The requester withdraws their own promotion request, which frees the engine for another one. */
export async function cancelModelPromotion(options: CancelModelPromotionOptions): Promise<ModelPromotionView> {
  const { engine, principal } = options;
  requireModelEngine(engine);
  requireModelManager(principal);
  const request = await getModelPromotionOrThrow(engine, options.promotionId);
  if (request.requestedById !== principal.id) {
    throw new AppError('FORBIDDEN', `Only ${request.requestedByName}, who requested it, can cancel this request; reject it instead.`);
  }
  requirePendingAt(request, options.version);
  const comment = options.comment?.trim() || null;

  const row = await db.$transaction(async (tx) => {
    const decided = await tx.modelPromotion.updateMany({
      where: { id: request.id, version: options.version, status: 'PENDING' },
      data: { status: 'CANCELLED', decidedById: principal.id, decidedByName: principal.name, decidedAt: new Date(), decisionComment: comment, version: { increment: 1 } },
    });
    if (decided.count !== 1) throw new AppError('CONFLICT', 'Someone decided this request a moment ago: review it again.');
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'model.promotion_cancelled',
      entityType: 'ModelPromotion',
      entityId: request.id,
      data: { engine, to: modelId(engine, request.toVersion), reason: request.reason, comment },
    });
    return tx.modelPromotion.findUniqueOrThrow({ where: { id: request.id } });
  });
  return toPromotionView(row);
}
