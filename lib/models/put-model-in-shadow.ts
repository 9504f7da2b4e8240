import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent, type AuditEventInput } from '@/lib/audit/record-audit-event';
import type { Principal } from '@/lib/auth/principal';
import { modelId } from '@/lib/ml/model-card';
import { dropServingCache } from '@/lib/models/get-serving-versions';
import { getModelVersionOrThrow, lockEngineLifecycle, requireModelEngine, requireModelManager, verifyModelFiles } from '@/lib/models/model-lifecycle';

export interface PutModelInShadowOptions {
  engine: string;
  version: number;
  /** Who it is recorded as: the person (actorOf(principal)), or the system for scheduled retraining. */
  actor: AuditEventInput['actor'];
  /** Given when a person asks: they must hold models.manage. Absent for the system. */
  principal?: Principal;
  /** Why, for the audit trail (e.g. "retrained on 1,200 new labelled examples"). */
  reason?: string | null;
}

export interface ShadowChange {
  modelId: string;
  /** False when the version was already in shadow (nothing changed). */
  changed: boolean;
  /** The version that was in shadow before and went back to candidate, if any. */
  replacedVersion: number | null;
  shadowSince: Date;
}

/**
 * CANDIDATE → SHADOW: the version is scored beside the active one on live
 * traffic from now on, its predictions stored and never acted on. At most one
 * version of an engine is in shadow: a previous one returns to CANDIDATE. What
 * is served does not change. The files are loaded first, so a version that
 * cannot load never reaches the scoring path.
 */
export async function putModelInShadow(options: PutModelInShadowOptions): Promise<ShadowChange> {
  const { engine, version, actor } = options;
  const id = modelId(engine, version);
  requireModelEngine(engine);
  if (options.principal) requireModelManager(options.principal);
  const row = await getModelVersionOrThrow(engine, version);
  if (row.status === 'SHADOW') return { modelId: id, changed: false, replacedVersion: null, shadowSince: row.shadowSince ?? row.registeredAt };
  if (row.status !== 'CANDIDATE') {
    throw new AppError('CONFLICT', `${id} is ${row.status.toLowerCase()}: only a candidate can be put in shadow.`, { details: { status: row.status } });
  }
  await verifyModelFiles(row);

  const reason = options.reason?.trim() || null;
  const shadowSince = new Date();
  const replacedVersion = await db.$transaction(async (tx) => {
    await lockEngineLifecycle(tx, engine);
    const changed = await tx.modelVersion.updateMany({ where: { id: row.id, status: 'CANDIDATE' }, data: { status: 'SHADOW', shadowSince } });
    if (changed.count !== 1) throw new AppError('CONFLICT', `${id} changed status a moment ago: reload and try again.`);
    const previous = await tx.modelVersion.findMany({ where: { engine, status: 'SHADOW', id: { not: row.id } } });
    for (const old of previous) {
      await tx.modelVersion.update({ where: { id: old.id }, data: { status: 'CANDIDATE', shadowSince: null } });
      await recordAuditEvent(tx, {
        actor,
        action: 'model.shadow_ended',
        entityType: 'ModelVersion',
        entityId: old.id,
        data: { modelId: modelId(engine, old.version), shadowSince: old.shadowSince?.toISOString() ?? null, reason: `replaced in shadow by ${id}` },
      });
    }
    await recordAuditEvent(tx, {
      actor,
      action: 'model.shadow_started',
      entityType: 'ModelVersion',
      entityId: row.id,
      data: { modelId: id, sha256: row.sha256, reason, replaced: previous.map((p) => modelId(engine, p.version)) },
    });
    return previous[0]?.version ?? null;
  });
  dropServingCache(engine);
  return { modelId: id, changed: true, replacedVersion, shadowSince };
}
