// What the lifecycle use cases (shadow, promotion, rollback) share: who may
// manage models, the per-engine lock that keeps their transactions in line, the
// check that a version's files load before it is served, and the promotion view.
import 'server-only';
import { AppError } from '@/lib/errors';
import type { ModelPromotion, ModelVersion } from '@/lib/generated/prisma/client';
import { hasPermission } from '@/lib/auth/permissions';
import type { Principal, UserPrincipal } from '@/lib/auth/principal';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { getFeasibilityModelVersion } from '@/lib/decisions/feasibility/model';
import { modelId, modelMetricsSchema } from '@/lib/ml/model-card';
import { lockInTransaction } from '@/lib/database/advisory-locks';
import { db, type Tx } from '@/lib/db';
import { toTrailView } from '@/lib/governance/four-eyes';
import { getModelEngineInfo } from '@/lib/models/engines';
import { headlineMetric } from '@/lib/models/to-model-view';
import type { ModelPromotionKind, ModelPromotionStatus, ModelPromotionView } from '@/lib/models/types';

/** The engine, or NOT_FOUND. */
export function requireModelEngine(engine: string): void {
  if (!getModelEngineInfo(engine)) throw new AppError('NOT_FOUND', `No engine named ${engine}`);
}

/** A person holding models.manage: machine clients never change what is served. */
export function requireModelManager(principal: Principal): asserts principal is UserPrincipal {
  if (principal.kind !== 'user' || !hasPermission(principal.role, 'models.manage')) {
    throw new AppError('FORBIDDEN', 'Your role may not manage models (needs models.manage).');
  }
}

/**
 * Serialises the lifecycle changes of one engine (shadow, promotion,
 * rollback), so that "at most one ACTIVE, at most one SHADOW" holds even when
 * two of them race: the second waits, then sees the first's rows.
 */
export async function lockEngineLifecycle(tx: Tx, engine: string): Promise<void> {
  await lockInTransaction(tx, 'modelLifecycle', engine);
}

/** Per engine: load one version from its files (card, sha256-checked .onnx, and whatever else it needs). */
const VERSION_LOADERS: Record<string, (version: number) => Promise<{ sha256: string }>> = {
  [FEASIBILITY_ENGINE]: (version) => getFeasibilityModelVersion(version),
};

/**
 * Loads the version the way serving will, before anything is committed: a
 * version whose files are missing, do not hash to their card, or are not the
 * files the registry recorded, is refused (UNPROCESSABLE) instead of breaking
 * scoring later.
 */
export async function verifyModelFiles(row: Pick<ModelVersion, 'engine' | 'version' | 'sha256'>): Promise<void> {
  const id = modelId(row.engine, row.version);
  const load = VERSION_LOADERS[row.engine];
  if (!load) throw new AppError('UNPROCESSABLE', `No runtime serves ${row.engine} models yet, so ${id} cannot be served.`);
  let loaded: { sha256: string };
  try {
    loaded = await load(row.version);
  } catch (error) {
    throw new AppError('UNPROCESSABLE', `${id}'s files do not load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (loaded.sha256 !== row.sha256) {
    throw new AppError('UNPROCESSABLE', `${id}'s files changed since it was registered (card sha256 ${loaded.sha256.slice(0, 12)}…, registry ${row.sha256.slice(0, 12)}…).`);
  }
}

/** The held-out headline of a version, as a promotion request records it. */
export function heldOutHeadline(row: Pick<ModelVersion, 'engine' | 'version' | 'metrics'>): { modelId: string; name: string; value: number | null } {
  const metrics = modelMetricsSchema.safeParse(row.metrics);
  return { modelId: modelId(row.engine, row.version), ...headlineMetric(metrics.success ? metrics.data : null) };
}

export function toPromotionView(row: ModelPromotion): ModelPromotionView {
  return {
    id: row.id,
    engine: row.engine,
    kind: row.kind as ModelPromotionKind,
    fromVersion: row.fromVersion,
    toVersion: row.toVersion,
    status: row.status as ModelPromotionStatus,
    reason: row.reason,
    evidence: row.evidence,
    ...toTrailView(row),
  };
}

/** A version of this engine in the registry, or NOT_FOUND. */
export async function getModelVersionOrThrow(engine: string, version: number): Promise<ModelVersion> {
  const row = await db.modelVersion.findUnique({ where: { engine_version: { engine, version } } });
  if (!row) throw new AppError('NOT_FOUND', `No version ${modelId(engine, version)} in the registry`);
  return row;
}

/** A promotion of this engine, or NOT_FOUND (an id of another engine is not found either). */
export async function getModelPromotionOrThrow(engine: string, promotionId: string): Promise<ModelPromotion> {
  const row = await db.modelPromotion.findUnique({ where: { id: promotionId } });
  if (!row || row.engine !== engine) throw new AppError('NOT_FOUND', 'No such promotion request');
  return row;
}
