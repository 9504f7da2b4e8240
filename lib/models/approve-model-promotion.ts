import 'server-only';
import { verifySignature } from '@/lib/auth/verify-signature';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { modelId } from '@/lib/ml/model-card';
import { requirePendingAt } from '@/lib/governance/four-eyes';
import { dropServingCache } from '@/lib/models/get-serving-versions';
import {
  getModelPromotionOrThrow,
  lockEngineLifecycle,
  requireModelEngine,
  requireModelManager,
  toPromotionView,
  verifyModelFiles,
} from '@/lib/models/model-lifecycle';
import type { ModelPromotionView } from '@/lib/models/types';

export interface ApproveModelPromotionOptions {
  engine: string;
  promotionId: string;
  /** The request's version as the approver saw it: a newer one means someone acted first. */
  version: number;
  principal: Principal;
  /** Re-authentication for the electronic signature. */
  password: string;
  comment?: string | null;
}

/**
 * A second admin approves a promotion request, with a signature: in one
 * transaction the request is approved, the active version retires and the
 * target becomes active (remembering the one it replaced, for a rollback),
 * with one audit event naming both people. Served everywhere within seconds.
 */
export async function approveModelPromotion(options: ApproveModelPromotionOptions): Promise<ModelPromotionView> {
  const { engine, principal } = options;
  requireModelEngine(engine);
  requireModelManager(principal);
  const request = await getModelPromotionOrThrow(engine, options.promotionId);
  if (request.requestedById === principal.id) {
    throw new AppError('FORBIDDEN', 'You requested this promotion: a different admin must approve it (four-eyes rule).');
  }
  await verifySignature(principal.id, options.password);
  requirePendingAt(request, options.version);
  const target = await db.modelVersion.findUnique({ where: { engine_version: { engine, version: request.toVersion } } });
  const to = modelId(engine, request.toVersion);
  if (!target) throw new AppError('CONFLICT', `${to} is no longer in the registry.`);
  await verifyModelFiles(target);

  const comment = options.comment?.trim() || null;
  const now = new Date();
  const row = await db.$transaction(async (tx) => {
    await lockEngineLifecycle(tx, engine);
    const decided = await tx.modelPromotion.updateMany({
      where: { id: request.id, version: options.version, status: 'PENDING' },
      data: { status: 'APPROVED', decidedById: principal.id, decidedByName: principal.name, decidedAt: now, decisionComment: comment, version: { increment: 1 } },
    });
    if (decided.count !== 1) throw new AppError('CONFLICT', 'Someone else decided this request a moment ago: review it again.');
    const active = await tx.modelVersion.findFirst({ where: { engine, status: 'ACTIVE' } });
    if ((active?.version ?? null) !== request.fromVersion) {
      throw new AppError('CONFLICT', `The active version changed since the request (now ${active ? modelId(engine, active.version) : 'none'}): cancel it and ask again.`);
    }
    if (active) {
      const retired = await tx.modelVersion.updateMany({ where: { id: active.id, status: 'ACTIVE' }, data: { status: 'RETIRED', retiredAt: now } });
      if (retired.count !== 1) throw new AppError('CONFLICT', 'The active version changed a moment ago: review the request again.');
    }
    const promoted = await tx.modelVersion.updateMany({
      where: { id: target.id, status: { in: ['CANDIDATE', 'SHADOW'] } },
      data: {
        status: 'ACTIVE',
        promotedAt: now,
        promotedById: principal.id,
        promotedByName: principal.name,
        previousActiveVersion: active?.version ?? null,
        shadowSince: null,
        retiredAt: null,
      },
    });
    if (promoted.count !== 1) throw new AppError('CONFLICT', `${to} is no longer a candidate or in shadow: review the request again.`);
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'model.promoted',
      entityType: 'ModelVersion',
      entityId: target.id,
      data: {
        promotionId: request.id,
        engine,
        from: active ? modelId(engine, active.version) : null,
        to,
        reason: request.reason,
        requestedBy: { id: request.requestedById, name: request.requestedByName, at: request.requestedAt.toISOString() },
        approvedBy: { id: principal.id, name: principal.name, email: principal.email },
        signature: { signer: principal.name, meaning: `Approve serving ${to} in place of ${active ? modelId(engine, active.version) : 'no model'}`, signedAt: now.toISOString(), reauthenticated: true },
        comment,
        sha256: target.sha256,
      },
    });
    return tx.modelPromotion.findUniqueOrThrow({ where: { id: request.id } });
  });
  dropServingCache(engine);
  return toPromotionView(row);
}
