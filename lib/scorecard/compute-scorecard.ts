// The parallel-run scorecard as pure arithmetic over labelled examples: how
// often the AI's proposal matched what people decided (or, in SHADOW autonomy,
// what they did on their own), weighted by what was at stake, and where it
// missed something critical. Client-safe; the db side only feeds it rows.
import { isCriticalReason } from '@/lib/recommendations/reason-codes';
import { localWeekStart, SHIFT_LABEL, SHIFTS, shiftOf, type Shift } from '@/lib/scorecard/shift';
import type { BreakdownRow, CostFigures, CriticalMissView, ExampleSource, ScorecardGroup, Tally } from '@/lib/scorecard/types';

export interface ScorecardExample {
  recommendationId: string;
  decisionType: string;
  siteId: string;
  lineId: string | null;
  source: string;
  aiVerdict: string;
  aiAction: string;
  /** APPROVE, REJECT, HOLD (DECISION) or RELEASED, NOT_RELEASED (OBSERVED). */
  outcome: string;
  humanAction: string;
  agreed: boolean;
  reasonCode: string | null;
  costValue: number | null;
  costMinutes: number | null;
  decidedAt: Date;
  decidedByName: string;
}

/** Actions that let work go ahead on the floor; the critical-miss rule is about these. */
export const PROCEED_ACTIONS: ReadonlySet<string> = new Set(['RELEASE_ORDER']);
/** Outcomes that mean people stopped the work, whatever action they recorded. */
const DECLINE_OUTCOMES: ReadonlySet<string> = new Set(['REJECT', 'HOLD', 'NOT_RELEASED']);

export const CRITICAL_MISS_LIST_LIMIT = 20;

type MissInput = Pick<ScorecardExample, 'decisionType' | 'aiAction' | 'humanAction' | 'outcome' | 'reasonCode'>;

function isDeclinedProceed(e: MissInput): boolean {
  return PROCEED_ACTIONS.has(e.aiAction) && (!PROCEED_ACTIONS.has(e.humanAction) || DECLINE_OUTCOMES.has(e.outcome));
}

/**
 * A critical miss: the AI proposed to go ahead (release the order) and people
 * stopped it for a reason the decision type marks critical (isCriticalReason:
 * material not really there, equipment not ready, a quality hold, safety).
 *
 * OBSERVED examples (SHADOW autonomy) follow the same rule with the reason the
 * observation carries, i.e. the hold reason the ERP shows, when the observer
 * could map it to a code. An order people simply did not release, with no
 * reason on record, is a disagreement and is counted as an unexplained decline,
 * not as a critical miss: nobody said the AI overlooked a hazard, and counting
 * every silent non-release as one would make the gate unreachable from SHADOW.
 */
export function isCriticalMiss(e: MissInput): boolean {
  return isDeclinedProceed(e) && isCriticalReason(e.decisionType, e.reasonCode);
}

export function isUnexplainedDecline(e: MissInput & { source: string }): boolean {
  return e.source === 'OBSERVED' && isDeclinedProceed(e) && !e.reasonCode;
}

export function isExampleSource(s: string): s is ExampleSource {
  return s === 'DECISION' || s === 'OBSERVED';
}

/** Counts and sums for one slice; `toTally` turns them into rates. */
export class TallyBuilder {
  decisions = 0;
  agreements = 0;
  criticalMisses = 0;
  unexplainedDeclines = 0;
  private valueTotal = 0;
  private valueDisagreement = 0;
  private minutesTotal = 0;
  private minutesDisagreement = 0;

  add(o: { agreed: boolean; costValue: number | null; costMinutes: number | null; critical: boolean; unexplained: boolean }): void {
    this.decisions += 1;
    if (o.agreed) this.agreements += 1;
    if (o.critical) this.criticalMisses += 1;
    if (o.unexplained) this.unexplainedDeclines += 1;
    // A missing or negative cost weighs nothing: a cost is what was at stake, never a credit.
    const value = o.costValue !== null && Number.isFinite(o.costValue) ? Math.max(0, o.costValue) : 0;
    const minutes = o.costMinutes !== null && Number.isFinite(o.costMinutes) ? Math.max(0, o.costMinutes) : 0;
    this.valueTotal += value;
    this.minutesTotal += minutes;
    if (!o.agreed) {
      this.valueDisagreement += value;
      this.minutesDisagreement += minutes;
    }
  }

  toTally(): Tally {
    return {
      decisions: this.decisions,
      agreements: this.agreements,
      disagreements: this.decisions - this.agreements,
      agreementRate: this.decisions > 0 ? this.agreements / this.decisions : null,
      costValue: costFigures(this.valueTotal, this.valueDisagreement),
      costMinutes: costFigures(this.minutesTotal, this.minutesDisagreement),
      criticalMisses: this.criticalMisses,
      unexplainedDeclines: this.unexplainedDeclines,
    };
  }
}

function costFigures(total: number, disagreement: number): CostFigures {
  return { total, disagreement, weightedAgreementRate: total > 0 ? 1 - disagreement / total : null };
}

export function emptyTally(): Tally {
  return new TallyBuilder().toTally();
}

/** Verdicts in the order a supervisor reads them, best first; anything else follows by name. */
const VERDICT_ORDER = ['FEASIBLE', 'FEASIBLE_WITH_NOTES', 'AT_RISK', 'BLOCKED'];

function verdictRank(v: string): number {
  const i = VERDICT_ORDER.indexOf(v);
  return i === -1 ? VERDICT_ORDER.length : i;
}

export interface ScorecardOptions {
  /** The site's IANA zone (Site.timezone), for shifts and weeks. */
  timeZoneOf: (siteId: string) => string;
  /** The line's code for the by-line table; the id is shown when unknown. */
  lineLabelOf?: (lineId: string) => string | undefined;
}

class GroupBuilder {
  readonly total = new TallyBuilder();
  readonly bySource = { DECISION: new TallyBuilder(), OBSERVED: new TallyBuilder() };
  readonly byClass = new Map<string, TallyBuilder>();
  readonly byLine = new Map<string, TallyBuilder>();
  readonly byShift = new Map<Shift, TallyBuilder>(SHIFTS.map((s) => [s, new TallyBuilder()]));
  readonly byWeek = new Map<string, TallyBuilder>();
  misses: CriticalMissView[] = [];

  constructor(
    readonly decisionType: string,
    readonly siteId: string,
    readonly timezone: string,
  ) {}
}

function slot(map: Map<string, TallyBuilder>, key: string): TallyBuilder {
  let b = map.get(key);
  if (!b) {
    b = new TallyBuilder();
    map.set(key, b);
  }
  return b;
}

/**
 * Folds examples one at a time, so a long window can be read page by page:
 * memory grows with the number of type/site/line/week slices, not with rows.
 */
export class ScorecardAccumulator {
  private readonly groups = new Map<string, GroupBuilder>();

  constructor(private readonly options: ScorecardOptions) {}

  add(e: ScorecardExample): void {
    const key = `${e.decisionType}\u0000${e.siteId}`;
    let g = this.groups.get(key);
    if (!g) {
      g = new GroupBuilder(e.decisionType, e.siteId, this.options.timeZoneOf(e.siteId));
      this.groups.set(key, g);
    }
    const critical = isCriticalMiss(e);
    const entry = { agreed: e.agreed, costValue: e.costValue, costMinutes: e.costMinutes, critical, unexplained: isUnexplainedDecline(e) };
    g.total.add(entry);
    if (isExampleSource(e.source)) g.bySource[e.source].add(entry);
    slot(g.byClass, e.aiVerdict).add(entry);
    slot(g.byLine, e.lineId ?? '').add(entry);
    g.byShift.get(shiftOf(e.decidedAt, g.timezone))!.add(entry);
    slot(g.byWeek, localWeekStart(e.decidedAt, g.timezone)).add(entry);
    if (critical) {
      g.misses.push({
        recommendationId: e.recommendationId,
        decidedAt: e.decidedAt.toISOString(),
        source: isExampleSource(e.source) ? e.source : 'DECISION',
        aiVerdict: e.aiVerdict,
        aiAction: e.aiAction,
        humanAction: e.humanAction,
        reasonCode: e.reasonCode,
        decidedByName: e.decidedByName,
        lineId: e.lineId,
      });
      // Keep the list short as we go; rows may arrive in any order.
      if (g.misses.length > CRITICAL_MISS_LIST_LIMIT * 2) g.misses = newestMisses(g.misses);
    }
  }

  /** The figures for one type/site, or null when nothing was added for it. */
  totalFor(decisionType: string, siteId: string): Tally | null {
    return this.groups.get(`${decisionType}\u0000${siteId}`)?.total.toTally() ?? null;
  }

  result(): ScorecardGroup[] {
    const lineLabel = (id: string) => (id === '' ? 'No line' : (this.options.lineLabelOf?.(id) ?? id));
    return [...this.groups.values()]
      .sort((a, b) => a.decisionType.localeCompare(b.decisionType) || a.siteId.localeCompare(b.siteId))
      .map((g) => ({
        decisionType: g.decisionType,
        siteId: g.siteId,
        timezone: g.timezone,
        total: g.total.toTally(),
        bySource: { DECISION: g.bySource.DECISION.toTally(), OBSERVED: g.bySource.OBSERVED.toTally() },
        byClass: rows(g.byClass, (k) => k).sort((a, b) => verdictRank(a.key) - verdictRank(b.key) || a.key.localeCompare(b.key)),
        // Named lines by code; examples without a line last.
        byLine: rows(g.byLine, lineLabel).sort((a, b) => Number(a.key === '') - Number(b.key === '') || a.label.localeCompare(b.label)),
        byShift: SHIFTS.map((s) => ({ key: s, label: SHIFT_LABEL[s], ...g.byShift.get(s)!.toTally() })),
        byWeek: rows(g.byWeek, (k) => k).sort((a, b) => a.key.localeCompare(b.key)),
        recentCriticalMisses: newestMisses(g.misses),
      }));
  }
}

function rows(map: Map<string, TallyBuilder>, label: (key: string) => string): BreakdownRow[] {
  return [...map.entries()].map(([key, b]) => ({ key, label: label(key), ...b.toTally() }));
}

function newestMisses(list: CriticalMissView[]): CriticalMissView[] {
  return [...list].sort((a, b) => b.decidedAt.localeCompare(a.decidedAt)).slice(0, CRITICAL_MISS_LIST_LIMIT);
}

/** The scorecard of a list of examples, per decision type and site. */
export function computeScorecard(examples: Iterable<ScorecardExample>, options: ScorecardOptions): ScorecardGroup[] {
  const acc = new ScorecardAccumulator(options);
  for (const e of examples) acc.add(e);
  return acc.result();
}
