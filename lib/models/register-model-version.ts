import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { ModelStatus } from '@/lib/models/types';
import { recordAuditEvent, type AuditEventInput } from '@/lib/audit/record-audit-event';
import type { TrainingProfile } from '@/lib/ml/drift';
import { metricsKind, modelFileNames, type ModelCard } from '@/lib/ml/model-card';

export interface RegisterModelVersionOptions {
  card: ModelCard;
  /** The card's own profile when it has one; a rebuilt one for older cards. */
  trainingProfile?: TrainingProfile | null;
  /**
   * CANDIDATE for a newly trained version; ACTIVE only for the version the
   * engine already scores with (its first model, or a backfill of the current
   * pointer). Promotion of a candidate is a separate, audited decision.
   */
  status: 'CANDIDATE' | 'ACTIVE';
  /** Registration is done on the server by the train script: a system actor. */
  actor: AuditEventInput['actor'];
}

export interface RegisteredModelVersion {
  id: string;
  modelId: string;
  status: ModelStatus;
  /** False when the same version with the same file was already registered (nothing changed). */
  created: boolean;
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

/**
 * Records a trained version in the registry, with its audit event in the same
 * transaction. Registering the same files again is a no-op; the same version
 * number with other files is a conflict (a version is immutable once known).
 */
export async function registerModelVersion(options: RegisterModelVersionOptions): Promise<RegisteredModelVersion> {
  const { card } = options;
  const existing = await db.modelVersion.findUnique({ where: { engine_version: { engine: card.engine, version: card.version } } });
  if (existing) {
    if (existing.sha256 !== card.sha256) {
      throw new AppError('CONFLICT', `${card.id} is already registered with another file (sha256 ${existing.sha256.slice(0, 12)}…); train a new version instead`);
    }
    return { id: existing.id, modelId: card.id, status: existing.status, created: false };
  }

  const profile = options.trainingProfile ?? card.trainingProfile ?? null;
  const kind = metricsKind(card.metrics.heldOut);
  return db.$transaction(async (tx) => {
    if (options.status === 'ACTIVE') {
      const active = await tx.modelVersion.findFirst({ where: { engine: card.engine, status: 'ACTIVE' } });
      if (active) throw new AppError('CONFLICT', `${card.engine}@${active.version} is already active; ${card.id} can only be registered as a candidate`);
    }
    const row = await tx.modelVersion.create({
      data: {
        engine: card.engine,
        version: card.version,
        kind,
        algorithm: card.algorithm,
        file: card.files.onnx,
        cardFile: modelFileNames(card.engine, card.version).card,
        sha256: card.sha256,
        features: json(card.features),
        metrics: json(card.metrics.heldOut),
        trainMetrics: json(card.metrics.train),
        featureImportance: json(card.featureImportance),
        trainingProfile: profile ? json(profile) : undefined,
        hyperparameters: json(card.hyperparameters),
        seed: card.seed,
        dataSource: card.data.source,
        trainingFrom: new Date(card.data.training.from),
        trainingTo: new Date(card.data.training.to),
        trainingRows: card.data.training.rows,
        heldOutFrom: new Date(card.data.heldOut.from),
        heldOutTo: new Date(card.data.heldOut.to),
        heldOutRows: card.data.heldOut.rows,
        trainedAt: new Date(card.createdAt),
        status: options.status,
      },
    });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: 'model.registered',
      entityType: 'ModelVersion',
      entityId: row.id,
      data: {
        modelId: card.id,
        kind,
        status: options.status,
        sha256: card.sha256,
        file: card.files.onnx,
        trainingRows: card.data.training.rows,
        heldOutRows: card.data.heldOut.rows,
        heldOut: headlineOf(card),
      },
    });
    return { id: row.id, modelId: card.id, status: row.status, created: true };
  });
}

/** The held-out numbers worth keeping in the audit trail. */
function headlineOf(card: ModelCard): Record<string, number | null> {
  const m = card.metrics.heldOut;
  if (m.kind === 'multiclass') return { macroF1: m.macroF1, accuracy: m.accuracy };
  if (m.kind === 'regression') return { mae: m.mae, naiveMae: m.naiveMae };
  return { auc: m.auc, logLoss: m.logLoss };
}
