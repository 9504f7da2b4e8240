// What a decision says as a training example: the action people chose, whether
// that is the AI's action, and the label the engine learns from. Pure and
// client-safe, so the rules are tested on their own and read in one place.
//
// The action people chose is the effect of their decision on the order:
//   APPROVE  → the proposed action itself (release, delay or hold).
//   HOLD     → DELAY_RELEASE when the person gives a hold-until time (the order
//              may start then); otherwise the order stays held: HOLD_ORDER for a
//              proposed release, and for a proposed hold or delay the proposal
//              itself (a held order keeps the AI's earliest start, so holding a
//              delay proposal has the delay's effect).
//   REJECT   → the opposite of the proposal: a rejected release stays
//              unreleased (HOLD_ORDER); a rejected hold or delay says the order
//              should go now (RELEASE_ORDER).
// Observed in SHADOW autonomy (nobody decides in Interlock, people act in the ERP):
//   RELEASED     → RELEASE_ORDER.
//   NOT_RELEASED → people kept the order unreleased until the recommendation
//                  expired: the proposal when it kept it unreleased too, else HOLD_ORDER.
import type { DecisionOutcome, FeasibilityVerdict, RecommendedAction } from '@/lib/recommendations/types';

export type ObservedOutcome = 'RELEASED' | 'NOT_RELEASED';

/** The action a person's decision amounts to, for a proposal of `aiAction`. */
export function humanActionOf(decision: { outcome: DecisionOutcome; aiAction: RecommendedAction; holdUntil?: string | null }): RecommendedAction {
  const { outcome, aiAction } = decision;
  if (outcome === 'APPROVE') return aiAction;
  if (outcome === 'REJECT') return aiAction === 'RELEASE_ORDER' ? 'HOLD_ORDER' : 'RELEASE_ORDER';
  if (decision.holdUntil) return 'DELAY_RELEASE';
  return aiAction === 'RELEASE_ORDER' ? 'HOLD_ORDER' : aiAction;
}

/** The action people took in the ERP on their own, as the sync or the expiry sweep saw it. */
export function observedHumanActionOf(outcome: ObservedOutcome, aiAction: RecommendedAction): RecommendedAction {
  if (outcome === 'RELEASED') return 'RELEASE_ORDER';
  return aiAction === 'RELEASE_ORDER' ? 'HOLD_ORDER' : aiAction;
}

/**
 * The feasibility target as people's choice implies it: 1 when the order can be
 * released now (and finish on time), 0 otherwise. A corrected verdict says it
 * directly and wins over the action: a person may release an order they mark
 * AT_RISK (a priority override), and the model's probability is of finishing
 * on time, which AT_RISK denies.
 */
export function feasibilityLabelOf(humanAction: RecommendedAction, correctedVerdict?: FeasibilityVerdict | null): 0 | 1 {
  if (correctedVerdict) return correctedVerdict === 'FEASIBLE' || correctedVerdict === 'FEASIBLE_WITH_NOTES' ? 1 : 0;
  return humanAction === 'RELEASE_ORDER' ? 1 : 0;
}

/** Agreement is on the action, not the label: the scorecard compares what the AI proposed with what people did. */
export function isAgreement(aiAction: string, humanAction: string): boolean {
  return aiAction === humanAction;
}
