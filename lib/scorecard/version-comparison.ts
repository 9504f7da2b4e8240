// Model versions measured against what people decided, on the same
// recommendations: the evidence behind promoting a shadow version. Pure.
import { isAgreement } from '@/lib/recommendations/decision-label';
import { isCriticalMiss, TallyBuilder } from '@/lib/scorecard/compute-scorecard';
import type { PairwiseComparison, VersionAgreement } from '@/lib/scorecard/types';

export const COMPARISON_METHOD =
  'Each version is scored on the recommendations it scored that people have since decided (or, in shadow autonomy, acted on); ' +
  'a version agrees when the action it proposed equals the action people chose. When both a decision and an observation exist ' +
  'for a recommendation, the decision counts. A critical miss is a proposed release people stopped for a critical reason.';

export interface ComparisonExample {
  recommendationId: string;
  decisionType: string;
  outcome: string;
  humanAction: string;
  reasonCode: string | null;
  costValue: number | null;
  costMinutes: number | null;
}

export interface ComparisonPrediction {
  modelVersion: string;
  role: string;
  recommendedAction: string;
}

type Status = VersionAgreement['status'];

class PairBuilder {
  recommendations = 0;
  bothAgree = 0;
  onlyActiveAgrees = 0;
  onlyShadowAgrees = 0;
  neitherAgrees = 0;
  activeCriticalMisses = 0;
  shadowCriticalMisses = 0;
}

/** The version number in 'feasibility@12', for ordering; unknown shapes sort last. */
function versionNumber(modelId: string): number {
  const n = Number(modelId.slice(modelId.lastIndexOf('@') + 1));
  return Number.isInteger(n) ? n : -1;
}

export class VersionComparisonAccumulator {
  private readonly versions = new Map<string, { served: number; shadow: number; tally: TallyBuilder }>();
  private readonly pairs = new Map<string, PairBuilder>();

  add(example: ComparisonExample, predictions: readonly ComparisonPrediction[]): void {
    const verdictOf = (p: ComparisonPrediction) => {
      // The same rule that set LabelledExample.agreed for the served version, applied to every version.
      const agreed = isAgreement(p.recommendedAction, example.humanAction);
      const critical = isCriticalMiss({ ...example, aiAction: p.recommendedAction });
      return { agreed, critical };
    };
    // One row per version and recommendation (the table's unique key), but be safe if a version appears twice.
    const seen = new Set<string>();
    for (const p of predictions) {
      if (seen.has(p.modelVersion)) continue;
      seen.add(p.modelVersion);
      let v = this.versions.get(p.modelVersion);
      if (!v) {
        v = { served: 0, shadow: 0, tally: new TallyBuilder() };
        this.versions.set(p.modelVersion, v);
      }
      if (p.role === 'SERVED') v.served += 1;
      else v.shadow += 1;
      const { agreed, critical } = verdictOf(p);
      v.tally.add({ agreed, critical, costValue: example.costValue, costMinutes: example.costMinutes, unexplained: false });
    }

    const active = predictions.find((p) => p.role === 'SERVED');
    if (!active) return;
    const a = verdictOf(active);
    for (const shadow of predictions) {
      if (shadow.role !== 'SHADOW' || shadow.modelVersion === active.modelVersion) continue;
      const s = verdictOf(shadow);
      const key = `${active.modelVersion}\u0000${shadow.modelVersion}`;
      let pair = this.pairs.get(key);
      if (!pair) {
        pair = new PairBuilder();
        this.pairs.set(key, pair);
      }
      pair.recommendations += 1;
      if (a.agreed && s.agreed) pair.bothAgree += 1;
      else if (a.agreed) pair.onlyActiveAgrees += 1;
      else if (s.agreed) pair.onlyShadowAgrees += 1;
      else pair.neitherAgrees += 1;
      if (a.critical) pair.activeCriticalMisses += 1;
      if (s.critical) pair.shadowCriticalMisses += 1;
    }
  }

  /**
   * Per version, newest first, and per active/shadow pair. `registry` gives each
   * known version's status; ACTIVE and SHADOW versions appear even before any
   * of their recommendations is decided, so an empty comparison says so.
   */
  result(registry: ReadonlyMap<string, NonNullable<Status>>): { versions: VersionAgreement[]; pairs: PairwiseComparison[] } {
    const ids = new Set([...this.versions.keys(), ...[...registry.entries()].filter(([, s]) => s === 'ACTIVE' || s === 'SHADOW').map(([id]) => id)]);
    const versions = [...ids]
      .sort((a, b) => versionNumber(b) - versionNumber(a) || a.localeCompare(b))
      .map((modelId) => {
        const v = this.versions.get(modelId);
        return { modelId, status: registry.get(modelId) ?? null, served: v?.served ?? 0, shadow: v?.shadow ?? 0, tally: (v?.tally ?? new TallyBuilder()).toTally() };
      });
    const rate = (agree: number, total: number) => (total > 0 ? agree / total : null);
    const pairs = [...this.pairs.entries()]
      .map(([key, p]) => {
        const [active, shadow] = key.split('\u0000');
        return {
          active,
          shadow,
          recommendations: p.recommendations,
          bothAgree: p.bothAgree,
          onlyActiveAgrees: p.onlyActiveAgrees,
          onlyShadowAgrees: p.onlyShadowAgrees,
          neitherAgrees: p.neitherAgrees,
          activeAgreementRate: rate(p.bothAgree + p.onlyActiveAgrees, p.recommendations),
          shadowAgreementRate: rate(p.bothAgree + p.onlyShadowAgrees, p.recommendations),
          activeCriticalMisses: p.activeCriticalMisses,
          shadowCriticalMisses: p.shadowCriticalMisses,
        };
      })
      .sort((a, b) => versionNumber(b.shadow) - versionNumber(a.shadow) || versionNumber(b.active) - versionNumber(a.active));
    return { versions, pairs };
  }
}
