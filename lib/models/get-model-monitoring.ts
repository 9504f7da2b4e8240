import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { hasPermission } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/principal';
import {
  binShares,
  driftLevel,
  featureDrift,
  populationStabilityIndex,
  PROBABILITY_EDGES,
  PSI_WARNING,
  trainingProfileSchema,
  type TrainingProfile,
} from '@/lib/ml/drift';
import { modelId } from '@/lib/ml/model-card';
import { getModelEngineInfo } from '@/lib/models/engines';
import type { Histogram, ModelMonitoring } from '@/lib/models/types';

export const monitoringQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(90).default(7),
});

export type MonitoringQuery = z.infer<typeof monitoringQuerySchema>;

/** Enough rows for stable bin shares; older ones add little and cost memory. */
const MAX_ROWS = 5000;

interface LiveRow {
  score: number;
  confidence: number;
  verdict: string;
  modelVersion: string;
  features: Record<string, unknown> | null;
}

function mean(values: readonly number[]): number | null {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** '0–10%' … '90–100%': shorter on a chart axis than the edges themselves. */
const PROBABILITY_LABELS = [0, ...PROBABILITY_EDGES].map((lower, i, all) => `${Math.round(lower * 100)}–${Math.round((all[i + 1] ?? 1) * 100)}%`);

function histogram(values: readonly number[], trainingShares: readonly number[] | null): Histogram[] {
  const { shares } = binShares(PROBABILITY_EDGES, values);
  return PROBABILITY_LABELS.map((label, i) => ({
    label,
    live: shares[i],
    training: trainingShares ? trainingShares[i] : null,
    count: Math.round(shares[i] * values.length),
  }));
}

/** The principal's sites (and lines) as SQL: models are global, the recommendations they scored are not. */
function scopeCondition(principal: Principal): Prisma.Sql | null {
  const parts =
    principal.kind === 'user'
      ? principal.scopes.map((s) => (s.lineId ? Prisma.sql`("siteId" = ${s.siteId} AND "lineId" = ${s.lineId})` : Prisma.sql`("siteId" = ${s.siteId})`))
      : principal.siteIds.map((siteId) => Prisma.sql`("siteId" = ${siteId})`);
  return parts.length > 0 ? Prisma.join(parts, ' OR ') : null;
}

/**
 * What the engine's model has been doing lately: the distribution of its
 * scores, and each input's live distribution (evidence.features of recent
 * recommendations) against the training distribution of the reference
 * version (the active one, else the newest), as population stability indices.
 */
export async function getModelMonitoring(principal: Principal, engine: string, query: MonitoringQuery, now = new Date()): Promise<ModelMonitoring> {
  const info = getModelEngineInfo(engine);
  if (!info) throw new AppError('NOT_FOUND', `No engine named ${engine}`);
  if (!hasPermission(principal.role, 'models.read')) throw new AppError('FORBIDDEN', 'Your role may not see models (needs models.read).');

  const since = new Date(now.getTime() - query.days * 86_400_000);
  const reference =
    (await db.modelVersion.findFirst({ where: { engine, status: 'ACTIVE' } })) ??
    (await db.modelVersion.findFirst({ where: { engine }, orderBy: { version: 'desc' } }));
  const parsedProfile = reference?.trainingProfile ? trainingProfileSchema.safeParse(reference.trainingProfile) : null;
  const profile: TrainingProfile | null = parsedProfile?.success ? parsedProfile.data : null;

  const scope = scopeCondition(principal);
  const rows: LiveRow[] = scope
    ? await db.$queryRaw<LiveRow[]>`
        SELECT "score", "confidence", "verdict", "modelVersion", "evidence"->'features' AS "features"
        FROM "Recommendation"
        WHERE "type" = ${info.decisionType}
          AND "createdAt" >= ${since}
          AND "modelVersion" LIKE ${`${engine}@%`}
          AND (${scope})
        ORDER BY "createdAt" DESC
        LIMIT ${MAX_ROWS}`
    : [];

  const byVersion = new Map<string, number>();
  for (const r of rows) byVersion.set(r.modelVersion, (byVersion.get(r.modelVersion) ?? 0) + 1);

  // A blocked order's score is the rule's 0, not the model's probability: leave those out of the score distribution.
  const scored = rows.filter((r) => r.verdict !== 'BLOCKED').map((r) => r.score);
  const trainingShares = profile?.predictions ? [...profile.predictions.shares] : null;
  const scorePsi =
    trainingShares && scored.length > 0
      ? populationStabilityIndex([...trainingShares, profile?.predictions?.missingShare ?? 0], [...binShares(PROBABILITY_EDGES, scored).shares, 0])
      : null;

  const drift = profile
    ? profile.features
        .map((p) =>
          featureDrift(
            p,
            rows.map((r) => {
              const value = r.features?.[p.feature];
              return typeof value === 'number' ? value : null;
            }),
          ),
        )
        .sort((a, b) => b.psi - a.psi)
    : [];

  return {
    engine,
    days: query.days,
    since: since.toISOString(),
    reference: reference
      ? { modelId: modelId(reference.engine, reference.version), status: reference.status, hasTrainingProfile: profile !== null }
      : null,
    recommendations: rows.length,
    byVersion: [...byVersion.entries()].map(([id, count]) => ({ modelId: id, count })).sort((a, b) => b.count - a.count),
    scores: {
      blocked: rows.length - scored.length,
      histogram: histogram(scored, trainingShares),
      psi: scorePsi,
      level: scorePsi === null ? null : driftLevel(scorePsi),
      mean: mean(scored),
    },
    confidence: {
      histogram: histogram(
        rows.map((r) => r.confidence),
        null,
      ),
      mean: mean(rows.map((r) => r.confidence)),
    },
    drift,
    driftWarning: rows.length > 0 && drift.some((d) => d.psi > PSI_WARNING),
  };
}
