// The promotion gate: whether the parallel run has earned a decision type at a
// site the next rung of autonomy. Pure and client-safe: the scorecard computes
// it, the policies page reads it before an admin raises autonomy.

export const AUTONOMY_LADDER = ['OFF', 'SHADOW', 'SUPERVISED', 'AUTO'] as const;
export type AutonomyMode = (typeof AUTONOMY_LADDER)[number];

/** The gate's thresholds, in one place. */
export const PROMOTION_GATE = {
  /** Decisions (or observations) in the window before the rate means anything. */
  minDecisions: 50,
  /** Share of them where the AI and people agreed. */
  minAgreementRate: 0.9,
  /** Critical misses allowed in the window. */
  maxCriticalMisses: 0,
  windowDays: 30,
} as const;

export type GateCriteria = { minDecisions: number; minAgreementRate: number; maxCriticalMisses: number; windowDays: number };

/** Rungs reached only through the gate: from SHADOW on, the AI's proposals reach people or post by themselves. */
const GATED: ReadonlySet<AutonomyMode> = new Set(['SUPERVISED', 'AUTO']);

export function rankOf(mode: AutonomyMode): number {
  return AUTONOMY_LADDER.indexOf(mode);
}

export function nextRung(mode: AutonomyMode): AutonomyMode | null {
  return AUTONOMY_LADDER[rankOf(mode) + 1] ?? null;
}

/** Moving from `from` to `to` raises autonomy onto a gated rung (lowering never needs the gate). */
export function needsGate(from: AutonomyMode, to: AutonomyMode): boolean {
  return rankOf(to) > rankOf(from) && GATED.has(to);
}

export interface GateFigures {
  decisions: number;
  agreements: number;
  criticalMisses: number;
}

export interface GateCondition {
  key: 'decisions' | 'agreement' | 'criticalMisses';
  passed: boolean;
  actual: number | null;
  required: number;
  /** One sentence an admin reads. */
  text: string;
}

export interface GateEvaluation {
  met: boolean;
  windowDays: number;
  criteria: GateCriteria;
  conditions: GateCondition[];
  /** One sentence: met, or what is still missing. */
  summary: string;
}

const pct = (v: number) => `${Math.round(v * 1000) / 10} %`;
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Checks the three conditions. The agreement rate is compared as counts
 * (agreements ≥ rate × decisions, with a hair of tolerance) so that 45 of 50
 * passes a 90 % bar even where floating point would make 0.9 × 50 = 45.000…1.
 */
export function evaluatePromotionGate(figures: GateFigures, criteria: GateCriteria = PROMOTION_GATE): GateEvaluation {
  const window = `the last ${plural(criteria.windowDays, 'day', 'days')}`;
  const { decisions, agreements, criticalMisses } = figures;

  const enough = decisions >= criteria.minDecisions;
  const decisionsCondition: GateCondition = {
    key: 'decisions',
    passed: enough,
    actual: decisions,
    required: criteria.minDecisions,
    text: enough
      ? `${plural(decisions, 'decision', 'decisions')} in ${window}; at least ${criteria.minDecisions} needed.`
      : `Only ${plural(decisions, 'decision', 'decisions')} in ${window}; at least ${criteria.minDecisions} needed (${criteria.minDecisions - decisions} more).`,
  };

  const rate = decisions > 0 ? agreements / decisions : null;
  const agreeOk = rate !== null && agreements >= criteria.minAgreementRate * decisions - 1e-9;
  const agreementCondition: GateCondition = {
    key: 'agreement',
    passed: agreeOk,
    actual: rate,
    required: criteria.minAgreementRate,
    text:
      rate === null
        ? `No decisions yet, so agreement cannot be measured; at least ${pct(criteria.minAgreementRate)} needed.`
        : `The AI agreed with people in ${pct(rate)} of them (${agreements} of ${decisions}); at least ${pct(criteria.minAgreementRate)} needed.`,
  };

  const missesOk = criticalMisses <= criteria.maxCriticalMisses;
  const allowed = criteria.maxCriticalMisses === 0 ? 'none allowed' : `at most ${criteria.maxCriticalMisses} allowed`;
  const missesCondition: GateCondition = {
    key: 'criticalMisses',
    passed: missesOk,
    actual: criticalMisses,
    required: criteria.maxCriticalMisses,
    text:
      criticalMisses === 0
        ? `No critical misses in ${window}.`
        : `${plural(criticalMisses, 'critical miss', 'critical misses')} in ${window} (the AI proposed going ahead where people stopped it for a critical reason); ${allowed}.`,
  };

  const conditions = [decisionsCondition, agreementCondition, missesCondition];
  const failed = conditions.filter((c) => !c.passed);
  const met = failed.length === 0;
  return {
    met,
    windowDays: criteria.windowDays,
    criteria: { ...criteria },
    conditions,
    summary: met
      ? `Gate met over ${window}: enough decisions, agreement at or above ${pct(criteria.minAgreementRate)} and no critical misses beyond the limit.`
      : `Gate not met: ${failed.map((c) => c.text).join(' ')}`,
  };
}

/** What the gate means for a type/site in `mode`: whether its next rung needs the gate, and the gate itself. */
export function gateForMode(mode: AutonomyMode, figures: GateFigures, criteria: GateCriteria = PROMOTION_GATE) {
  const next = nextRung(mode);
  return { mode, nextRung: next, gateApplies: next !== null && needsGate(mode, next), evaluation: evaluatePromotionGate(figures, criteria) };
}

/** A short line for the next rung: "SHADOW → SUPERVISED: gate met", "OFF → SHADOW: no gate needed", "AUTO is the top rung". */
export function describeNextRung(status: { mode: AutonomyMode; nextRung: AutonomyMode | null; gateApplies: boolean; evaluation: GateEvaluation }): string {
  if (!status.nextRung) return `${status.mode} is the top rung.`;
  if (!status.gateApplies) return `${status.mode} → ${status.nextRung}: no gate needed.`;
  return `${status.mode} → ${status.nextRung}: ${status.evaluation.met ? 'gate met' : 'gate not met'}.`;
}
