// Client-safe shapes of the AI-vs-people scorecard and the model comparison as
// the console API returns them. Dates travel as ISO strings.
import type { ModelStatus } from '@/lib/models/types';
import type { AutonomyMode, GateEvaluation } from '@/lib/scorecard/promotion-gate';
import type { Shift } from '@/lib/scorecard/shift';

/** DECISION: a person decided on the recommendation. OBSERVED: SHADOW autonomy, what people did on their own. */
export type ExampleSource = 'DECISION' | 'OBSERVED';
export const EXAMPLE_SOURCES: readonly ExampleSource[] = ['DECISION', 'OBSERVED'];

export interface CostFigures {
  /** Sum over every example that carries a cost. */
  total: number;
  /** Sum over the disagreements. */
  disagreement: number;
  /** 1 − disagreement ÷ total; null when nothing carried a cost. */
  weightedAgreementRate: number | null;
}

export interface Tally {
  decisions: number;
  agreements: number;
  disagreements: number;
  /** agreements ÷ decisions; null with no decisions. */
  agreementRate: number | null;
  /** Currency units of the orders or postings at stake. */
  costValue: CostFigures;
  /** Minutes of downtime at stake. */
  costMinutes: CostFigures;
  /** The AI proposed to go ahead and people stopped it for a critical reason (see isCriticalMiss). */
  criticalMisses: number;
  /** OBSERVED only: the AI would have gone ahead, people did not, and no reason was recorded. */
  unexplainedDeclines: number;
}

export interface BreakdownRow extends Tally {
  key: string;
  label: string;
}

export interface CriticalMissView {
  recommendationId: string;
  decidedAt: string;
  source: ExampleSource;
  aiVerdict: string;
  aiAction: string;
  humanAction: string;
  reasonCode: string | null;
  decidedByName: string;
  lineId: string | null;
}

export interface ScorecardGroup {
  decisionType: string;
  siteId: string;
  timezone: string;
  total: Tally;
  bySource: Record<ExampleSource, Tally>;
  /** By the AI's verdict. */
  byClass: BreakdownRow[];
  /** key: the line id ('' when the example names no line); label: the line code. */
  byLine: BreakdownRow[];
  /** Always the three shifts, in order. */
  byShift: (BreakdownRow & { key: Shift })[];
  /** key: the Monday of the week (local date at the site), oldest first. */
  byWeek: BreakdownRow[];
  /** The most recent critical misses, newest first (at most CRITICAL_MISS_LIST_LIMIT). */
  recentCriticalMisses: CriticalMissView[];
}

export interface GateStatus {
  decisionType: string;
  siteId: string;
  /** The autonomy in force now. */
  mode: AutonomyMode;
  /** The rung above, or null at AUTO. */
  nextRung: AutonomyMode | null;
  /** Whether raising to the next rung needs the gate (OFF → SHADOW does not). */
  gateApplies: boolean;
  evaluation: GateEvaluation;
  /** The principal sees only some lines of the site: the figures cover those lines only. */
  partialScope: boolean;
}

export interface ScorecardView {
  days: number;
  since: string;
  until: string;
  filters: { type: string | null; siteId: string | null };
  /** What the filters may choose from: the principal's sites and the decision types. */
  options: { sites: { id: string; name: string }[]; types: string[] };
  /** Type/site pairs with at least one example in the window. */
  groups: ScorecardGroup[];
  /** Every type/site in scope (and filter), measured over the gate's own window. */
  gates: GateStatus[];
}

export interface VersionAgreement {
  /** e.g. 'feasibility@3'. */
  modelId: string;
  /** Registry status now; null when the registry has no row for it. */
  status: ModelStatus | null;
  /** Recommendations it scored as the served model and in shadow. */
  served: number;
  shadow: number;
  tally: Tally;
}

export interface PairwiseComparison {
  /** The version that served the recommendations (active at the time). */
  active: string;
  shadow: string;
  recommendations: number;
  bothAgree: number;
  onlyActiveAgrees: number;
  onlyShadowAgrees: number;
  neitherAgrees: number;
  activeAgreementRate: number | null;
  shadowAgreementRate: number | null;
  activeCriticalMisses: number;
  shadowCriticalMisses: number;
}

export interface ModelComparison {
  engine: string;
  decisionType: string;
  days: number;
  since: string;
  until: string;
  generatedAt: string;
  /** The sites whose examples the figures cover (the principal's scope). */
  siteIds: string[];
  /** How agreement is measured here, in words (stored with a promotion request's evidence). */
  method: string;
  versions: VersionAgreement[];
  pairs: PairwiseComparison[];
}
