// Client-safe shapes of the model registry as the console API returns them.
// Dates travel as ISO strings.
import type { FeatureImportance } from '@/lib/ml/gbt';
import type { DriftLevel, FeatureDrift } from '@/lib/ml/drift';
import type { ModelKind, ModelMetrics } from '@/lib/ml/model-card';
import type { FourEyesStatus, FourEyesTrailView } from '@/lib/governance/four-eyes';

export type ModelStatus = 'CANDIDATE' | 'SHADOW' | 'ACTIVE' | 'RETIRED';

export interface ModelFeatureView {
  name: string;
  type: string;
  kind: string;
  description: string;
}

export interface ModelVersionSummary {
  id: string;
  engine: string;
  version: number;
  /** e.g. 'feasibility@2', as recommendations record it. */
  modelId: string;
  kind: ModelKind;
  status: ModelStatus;
  trainedAt: string;
  registeredAt: string;
  /** The headline held-out metric of the kind: AUC, macro-F1 or MAE. */
  headline: { name: string; value: number | null };
}

export interface ModelVersionView extends ModelVersionSummary {
  algorithm: string;
  file: string;
  sha256: string;
  features: ModelFeatureView[];
  metrics: ModelMetrics;
  trainMetrics: ModelMetrics | null;
  featureImportance: FeatureImportance[];
  hyperparameters: Record<string, number> | null;
  dataSource: string | null;
  seed: number | null;
  training: { from: string | null; to: string | null; rows: number | null };
  heldOut: { from: string | null; to: string | null; rows: number | null };
  hasTrainingProfile: boolean;
  promotedAt: string | null;
  promotedByName: string | null;
  retiredAt: string | null;
  /** When it went into shadow, while it is in shadow. */
  shadowSince: string | null;
  /** The version active before this one was promoted: what a rollback returns to. */
  previousActiveVersion: number | null;
}

export interface ModelEngineSummary {
  engine: string;
  title: string;
  predicts: string;
  decisionType: string;
  versions: number;
  active: ModelVersionSummary | null;
  /** The newest version that is not active, when there is one. */
  latestCandidate: ModelVersionSummary | null;
}

export interface ModelEngineDetail {
  engine: string;
  title: string;
  predicts: string;
  decisionType: string;
  /** Newest first. */
  versions: ModelVersionView[];
  /** Version named by <engine>.current.json in the models folder (what the runtime serves while the registry has no active version); null when none. */
  currentFileVersion: number | null;
}

export interface Histogram {
  label: string;
  /** Share of the live rows (0–1). */
  live: number;
  /** Share of the training (held-out prediction) rows, when known. */
  training: number | null;
  count: number;
}

export interface ModelMonitoring {
  engine: string;
  days: number;
  since: string;
  /** The version live values are compared with: the active one, else the newest. */
  reference: { modelId: string; status: ModelStatus; hasTrainingProfile: boolean } | null;
  recommendations: number;
  /** Live recommendations per model version. */
  byVersion: { modelId: string; count: number }[];
  scores: {
    /** Recommendations a hard rule blocked (their score is 0, not the model's). */
    blocked: number;
    /** Model probabilities of the rest (score), against the held-out predictions at training time. */
    histogram: Histogram[];
    psi: number | null;
    level: DriftLevel | null;
    mean: number | null;
  };
  confidence: { histogram: Histogram[]; mean: number | null };
  drift: FeatureDrift[];
  /** True when any feature's PSI is past the warning threshold. */
  driftWarning: boolean;
}

export type ModelPromotionKind = 'PROMOTE' | 'ROLLBACK';
export type ModelPromotionStatus = FourEyesStatus;

/** A request to change the served version (or a rollback, recorded already approved). */
export interface ModelPromotionView extends FourEyesTrailView {
  id: string;
  engine: string;
  kind: ModelPromotionKind;
  fromVersion: number | null;
  toVersion: number;
  status: ModelPromotionStatus;
  reason: string;
  /** What the requester put before the approver: held-out metrics and, when given, the scorecard. */
  evidence: unknown;
}
