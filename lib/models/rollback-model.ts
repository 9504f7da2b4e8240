import 'server-only';
import { verifySignature } from '@/lib/auth/verify-signature';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { modelId } from '@/lib/ml/model-card';
import { requireText } from '@/lib/governance/four-eyes';
import { dropServingCache } from '@/lib/models/get-serving-versions';
import {
  lockEngineLifecycle,
  requireModelEngine,
  requireModelManager,
  toPromotionView,
  verifyModelFiles,
} from '@/lib/models/model-lifecycle';
import type { ModelPromotionView } from '@/lib/models/types';

export interface RollbackModelOptions {
  engine: string;
  principal: Principal;
  reason: string;
  /** Re-authentication for the electronic signature. */
  password: string;
  /**
   * The active version the admin saw: when another one is active now (a
   * promotion landed meanwhile), nothing changes (CONFLICT) rather than rolling
   * back something they did not look at.
   */
  fromVersion?: number;
}

/**
 * One admin, one action, for when the active version misbehaves: it retires
 * and the version it replaced serves again. No second approval, on purpose: it
 * only returns to a version that was already approved, and it is recorded as
 * an approved ROLLBACK request and audited.
 */
export async function rollbackModel(options: RollbackModelOptions): Promise<ModelPromotionView> {
  const { engine, principal } = options;
  requireModelEngine(engine);
  requireModelManager(principal);
  const reason = requireText(options.reason, 'reason', 'Say why you are rolling back');
  await verifySignature(principal.id, options.password);
  const active = await db.modelVersion.findFirst({ where: { engine, status: 'ACTIVE' } });
  if (!active) throw new AppError('CONFLICT', `No ${engine} version is active in the registry: there is nothing to roll back.`);
  if (options.fromVersion !== undefined && options.fromVersion !== active.version) {
    throw new AppError('CONFLICT', `${modelId(engine, active.version)} is active now, not ${modelId(engine, options.fromVersion)}: review the page again.`, {
      details: { activeVersion: active.version },
    });
  }
  if (active.previousActiveVersion === null) {
    throw new AppError('CONFLICT', `${modelId(engine, active.version)} replaced no earlier version: there is nothing to roll back to.`);
  }
  const to = modelId(engine, active.previousActiveVersion);
  const previous = await db.modelVersion.findUnique({ where: { engine_version: { engine, version: active.previousActiveVersion } } });
  if (!previous) throw new AppError('CONFLICT', `${to} is no longer in the registry: there is nothing to roll back to.`);
  await verifyModelFiles(previous);

  const from = modelId(engine, active.version);
  const now = new Date();
  const row = await db.$transaction(async (tx) => {
    await lockEngineLifecycle(tx, engine);
    const retired = await tx.modelVersion.updateMany({ where: { id: active.id, status: 'ACTIVE' }, data: { status: 'RETIRED', retiredAt: now } });
    if (retired.count !== 1) throw new AppError('CONFLICT', `${from} stopped being active a moment ago: review the page again.`);
    // Its own previousActiveVersion stays: rolling back again goes one further back, never forward.
    const restored = await tx.modelVersion.updateMany({
      where: { id: previous.id, status: { in: ['RETIRED', 'CANDIDATE', 'SHADOW'] } },
      data: { status: 'ACTIVE', promotedAt: now, promotedById: principal.id, promotedByName: principal.name, retiredAt: null, shadowSince: null },
    });
    if (restored.count !== 1) throw new AppError('CONFLICT', `${to} changed status a moment ago: review the page again.`);
    const promotion = await tx.modelPromotion.create({
      data: {
        engine,
        kind: 'ROLLBACK',
        fromVersion: active.version,
        toVersion: previous.version,
        status: 'APPROVED',
        reason,
        requestedById: principal.id,
        requestedByName: principal.name,
        requestedAt: now,
        decidedById: principal.id,
        decidedByName: principal.name,
        decidedAt: now,
      },
    });
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'model.rolled_back',
      entityType: 'ModelVersion',
      entityId: previous.id,
      data: {
        promotionId: promotion.id,
        engine,
        from,
        to,
        reason,
        rolledBackBy: { id: principal.id, name: principal.name, email: principal.email },
        signature: { signer: principal.name, meaning: `Roll back ${engine} from ${from} to ${to}`, signedAt: now.toISOString(), reauthenticated: true },
      },
    });
    return promotion;
  });
  dropServingCache(engine);
  return toPromotionView(row);
}
