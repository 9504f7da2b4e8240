import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { modelId } from '@/lib/ml/model-card';
import {
  getModelPromotionOrThrow,
  requireModelEngine,
  requireModelManager,
  toPromotionView,
} from '@/lib/models/model-lifecycle';
import { requirePendingAt, requireText } from '@/lib/governance/four-eyes';
import type { ModelPromotionView } from '@/lib/models/types';

export interface RejectModelPromotionOptions {
  engine: string;
  promotionId: string;
  /** The request's version as the person saw it. */
  version: number;
  principal: Principal;
  comment: string;
}

/** A second admin turns a promotion request down, saying why. Nothing served changes. */
export async function rejectModelPromotion(options: RejectModelPromotionOptions): Promise<ModelPromotionView> {
  const { engine, principal } = options;
  requireModelEngine(engine);
  requireModelManager(principal);
  const request = await getModelPromotionOrThrow(engine, options.promotionId);
  if (request.requestedById === principal.id) {
    throw new AppError('FORBIDDEN', 'You requested this promotion: cancel it instead, or let a different admin decide.');
  }
  const comment = requireText(options.comment, 'comment', 'Give the reason for rejecting');
  requirePendingAt(request, options.version);

  const row = await db.$transaction(async (tx) => {
    const decided = await tx.modelPromotion.updateMany({
      where: { id: request.id, version: options.version, status: 'PENDING' },
      data: { status: 'REJECTED', decidedById: principal.id, decidedByName: principal.name, decidedAt: new Date(), decisionComment: comment, version: { increment: 1 } },
    });
    if (decided.count !== 1) throw new AppError('CONFLICT', 'Someone else decided this request a moment ago: review it again.');
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'model.promotion_rejected',
      entityType: 'ModelPromotion',
      entityId: request.id,
      data: {
        engine,
        from: request.fromVersion === null ? null : modelId(engine, request.fromVersion),
        to: modelId(engine, request.toVersion),
        reason: request.reason,
        requestedBy: { id: request.requestedById, name: request.requestedByName },
        comment,
      },
    });
    return tx.modelPromotion.findUniqueOrThrow({ where: { id: request.id } });
  });
  return toPromotionView(row);
}
