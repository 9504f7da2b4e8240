import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hasPermission } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/principal';
import { modelId } from '@/lib/ml/model-card';
import { getModelEngineInfo } from '@/lib/models/engines';
import { exampleScopeSql, sitesInScope } from '@/lib/scorecard/example-scope';
import { forEachLabelledExamplePage } from '@/lib/scorecard/read-labelled-examples';
import type { ComparisonQuery } from '@/lib/scorecard/scorecard-query.schema';
import type { ModelComparison, VersionAgreement } from '@/lib/scorecard/types';
import { COMPARISON_METHOD, VersionComparisonAccumulator } from '@/lib/scorecard/version-comparison';

const DAY_MS = 86_400_000;

/**
 * Every model version of an engine against what people decided, on the
 * recommendations each scored (ModelPrediction) that have since been decided
 * or observed (LabelledExample, decidedAt in the last `days`), within the
 * principal's sites; and, for recommendations scored by both the served
 * (active) version and a shadow version, who agreed with people: both, only
 * one, or neither. The result is plain JSON: a promotion request stores it as
 * its evidence.
 */
export async function compareModelVersions(principal: Principal, engine: string, query: ComparisonQuery, now = new Date()): Promise<ModelComparison> {
  const info = getModelEngineInfo(engine);
  if (!info) throw new AppError('NOT_FOUND', `No engine named ${engine}`);
  if (!hasPermission(principal.role, 'models.read')) throw new AppError('FORBIDDEN', 'Your role may not see models (needs models.read).');

  const since = new Date(now.getTime() - query.days * DAY_MS);
  const acc = new VersionComparisonAccumulator();
  const scope = exampleScopeSql(principal);
  if (scope) {
    await forEachLabelledExamplePage({ scope, since, until: now, engine, onePerRecommendation: true }, async (page, tx) => {
      const predictions = await tx.modelPrediction.findMany({
        where: { engine, recommendationId: { in: page.map((e) => e.recommendationId) } },
        select: { recommendationId: true, modelVersion: true, role: true, recommendedAction: true },
      });
      const byRecommendation = new Map<string, typeof predictions>();
      for (const p of predictions) {
        const list = byRecommendation.get(p.recommendationId);
        if (list) list.push(p);
        else byRecommendation.set(p.recommendationId, [p]);
      }
      for (const example of page) {
        const scored = byRecommendation.get(example.recommendationId);
        if (scored) acc.add(example, scored);
      }
    });
  }

  const registry = await db.modelVersion.findMany({ where: { engine }, select: { version: true, status: true } });
  const statuses = new Map<string, NonNullable<VersionAgreement['status']>>(registry.map((r) => [modelId(engine, r.version), r.status]));
  const { versions, pairs } = acc.result(statuses);
  return {
    engine,
    decisionType: info.decisionType,
    days: query.days,
    since: since.toISOString(),
    until: now.toISOString(),
    generatedAt: new Date().toISOString(),
    siteIds: sitesInScope(principal),
    method: COMPARISON_METHOD,
    versions,
    pairs,
  };
}
