import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent, type AuditEventInput } from '@/lib/audit/record-audit-event';
import type { Principal } from '@/lib/auth/principal';
import { modelId } from '@/lib/ml/model-card';
import { dropServingCache } from '@/lib/models/get-serving-versions';
import { getModelVersionOrThrow, lockEngineLifecycle, requireModelEngine, requireModelManager } from '@/lib/models/model-lifecycle';

export interface EndShadowOptions {
  engine: string;
  /** The version the caller saw in shadow: if another one is in shadow now, nothing changes (CONFLICT). */
  version: number;
  actor: AuditEventInput['actor'];
  /** Given when a person asks: they must hold models.manage. Absent for the system. */
  principal?: Principal;
  reason?: string | null;
}

/** SHADOW → CANDIDATE: the version stops being scored beside the active one. Its stored predictions stay. */
export async function endShadow(options: EndShadowOptions): Promise<{ modelId: string }> {
  const { engine, version, actor } = options;
  const id = modelId(engine, version);
  requireModelEngine(engine);
  if (options.principal) requireModelManager(options.principal);
  const row = await getModelVersionOrThrow(engine, version);
  if (row.status !== 'SHADOW') {
    throw new AppError('CONFLICT', `${id} is not in shadow (it is ${row.status.toLowerCase()}).`, { details: { status: row.status } });
  }

  await db.$transaction(async (tx) => {
    await lockEngineLifecycle(tx, engine);
    const changed = await tx.modelVersion.updateMany({ where: { id: row.id, status: 'SHADOW' }, data: { status: 'CANDIDATE', shadowSince: null } });
    if (changed.count !== 1) throw new AppError('CONFLICT', `${id} left shadow a moment ago: reload to see what is in shadow now.`);
    await recordAuditEvent(tx, {
      actor,
      action: 'model.shadow_ended',
      entityType: 'ModelVersion',
      entityId: row.id,
      data: { modelId: id, shadowSince: row.shadowSince?.toISOString() ?? null, reason: options.reason?.trim() || null },
    });
  });
  dropServingCache(engine);
  return { modelId: id };
}
