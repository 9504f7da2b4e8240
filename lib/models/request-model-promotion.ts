import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { modelId } from '@/lib/ml/model-card';
import {
  getModelVersionOrThrow,
  heldOutHeadline,
  lockEngineLifecycle,
  requireModelEngine,
  requireModelManager,
  toPromotionView,
  verifyModelFiles,
} from '@/lib/models/model-lifecycle';
import { requireText } from '@/lib/governance/four-eyes';
import type { ModelPromotionView } from '@/lib/models/types';
import { compareModelVersions } from '@/lib/scorecard/compare-model-versions';
import { PROMOTION_GATE } from '@/lib/scorecard/promotion-gate';

export interface RequestModelPromotionOptions {
  engine: string;
  /** The candidate or shadow version to make active. */
  version: number;
  principal: Principal;
  reason: string;
  /**
   * The AI-vs-people comparison of the versions at the time of the request
   * (what the approver judges it on), stored as is in the request's evidence.
   * Defaults to the comparison over the promotion gate's window, as the
   * requester sees it.
   */
  scorecardSnapshot?: Record<string, unknown> | null;
}

/**
 * Asks for a version to be made active. Nothing changes in what is served
 * until a different admin approves. One pending request per engine: a second
 * one is a CONFLICT until the first is decided or cancelled.
 */
export async function requestModelPromotion(options: RequestModelPromotionOptions): Promise<ModelPromotionView> {
  const { engine, version, principal } = options;
  const id = modelId(engine, version);
  requireModelEngine(engine);
  requireModelManager(principal);
  const reason = requireText(options.reason, 'reason', 'Say why this version should serve');
  const target = await getModelVersionOrThrow(engine, version);
  if (target.status !== 'CANDIDATE' && target.status !== 'SHADOW') {
    throw new AppError('CONFLICT', `${id} is ${target.status.toLowerCase()}: only a candidate or a version in shadow can be promoted.`, {
      details: { status: target.status },
    });
  }
  await verifyModelFiles(target);
  // Read before the transaction: a snapshot of evidence, not something the lock must cover.
  const scorecard = options.scorecardSnapshot ?? ((await compareModelVersions(principal, engine, { days: PROMOTION_GATE.windowDays })) as unknown as Record<string, unknown>);

  const row = await db.$transaction(async (tx) => {
    await lockEngineLifecycle(tx, engine);
    const pending = await tx.modelPromotion.findFirst({ where: { engine, status: 'PENDING' } });
    if (pending) {
      throw new AppError('CONFLICT', `A promotion of ${modelId(engine, pending.toVersion)} requested by ${pending.requestedByName} is already waiting: it must be decided or cancelled first.`, {
        details: { promotionId: pending.id },
      });
    }
    // Re-read under the lock: a shadow or rollback may have moved things since the checks above.
    const current = await tx.modelVersion.findUniqueOrThrow({ where: { id: target.id } });
    if (current.status !== 'CANDIDATE' && current.status !== 'SHADOW') throw new AppError('CONFLICT', `${id} became ${current.status.toLowerCase()} a moment ago.`);
    const active = await tx.modelVersion.findFirst({ where: { engine, status: 'ACTIVE' } });
    const evidence = {
      scorecard,
      heldOut: { target: heldOutHeadline(current), active: active ? heldOutHeadline(active) : null },
      targetStatus: current.status,
      shadowSince: current.shadowSince?.toISOString() ?? null,
    };
    const promotion = await tx.modelPromotion.create({
      data: {
        engine,
        kind: 'PROMOTE',
        fromVersion: active?.version ?? null,
        toVersion: version,
        status: 'PENDING',
        reason,
        evidence: evidence as Prisma.InputJsonValue,
        requestedById: principal.id,
        requestedByName: principal.name,
      },
    });
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'model.promotion_requested',
      entityType: 'ModelPromotion',
      entityId: promotion.id,
      data: { engine, from: active ? modelId(engine, active.version) : null, to: id, reason, heldOut: evidence.heldOut, hasScorecard: evidence.scorecard !== null },
    });
    return promotion;
  });
  return toPromotionView(row);
}
