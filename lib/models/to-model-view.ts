import 'server-only';
import type { ModelVersion } from '@/lib/generated/prisma/client';
import type { FeatureImportance } from '@/lib/ml/gbt';
import { metricsKind, modelId, modelMetricsSchema, type ModelMetrics } from '@/lib/ml/model-card';
import type { ModelFeatureView, ModelVersionSummary, ModelVersionView } from '@/lib/models/types';

/** Registry rows hold JSON written by registerModelVersion; parse it rather than trust a cast. */
function metricsOf(value: unknown): ModelMetrics | null {
  const parsed = modelMetricsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function headlineMetric(metrics: ModelMetrics | null): { name: string; value: number | null } {
  if (!metrics) return { name: 'AUC', value: null };
  if (metrics.kind === 'multiclass') return { name: 'macro-F1', value: metrics.macroF1 };
  if (metrics.kind === 'regression') return { name: 'MAE', value: metrics.mae };
  return { name: 'AUC', value: metrics.auc };
}

export function toModelSummary(row: ModelVersion): ModelVersionSummary {
  const metrics = metricsOf(row.metrics);
  return {
    id: row.id,
    engine: row.engine,
    version: row.version,
    modelId: modelId(row.engine, row.version),
    kind: metrics ? metricsKind(metrics) : 'binary',
    status: row.status,
    trainedAt: row.trainedAt.toISOString(),
    registeredAt: row.registeredAt.toISOString(),
    headline: headlineMetric(metrics),
  };
}

export function toModelView(row: ModelVersion): ModelVersionView {
  const metrics = metricsOf(row.metrics);
  if (!metrics) throw new Error(`${row.engine}@${row.version}: the registry row's metrics do not parse`);
  return {
    ...toModelSummary(row),
    algorithm: row.algorithm,
    file: row.file,
    sha256: row.sha256,
    features: (row.features as unknown as ModelFeatureView[] | null) ?? [],
    metrics,
    trainMetrics: metricsOf(row.trainMetrics),
    featureImportance: (row.featureImportance as unknown as FeatureImportance[] | null) ?? [],
    hyperparameters: (row.hyperparameters as unknown as Record<string, number> | null) ?? null,
    dataSource: row.dataSource,
    seed: row.seed,
    training: { from: row.trainingFrom?.toISOString() ?? null, to: row.trainingTo?.toISOString() ?? null, rows: row.trainingRows },
    heldOut: { from: row.heldOutFrom?.toISOString() ?? null, to: row.heldOutTo?.toISOString() ?? null, rows: row.heldOutRows },
    hasTrainingProfile: row.trainingProfile !== null,
    promotedAt: row.promotedAt?.toISOString() ?? null,
    promotedByName: row.promotedByName,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    shadowSince: row.shadowSince?.toISOString() ?? null,
    previousActiveVersion: row.previousActiveVersion,
  };
}
