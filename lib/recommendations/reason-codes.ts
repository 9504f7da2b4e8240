// The reasons a person can give for a decision, per decision type. Client-safe:
// the decision form lists them, the server validates against them, the
// scorecard reads `critical` to count critical misses, and retraining keeps them
// with each labelled example.
import type { DecisionOutcome } from '@/lib/recommendations/types';

export interface ReasonCode {
  code: string;
  label: string;
  /** Outcomes the reason can accompany. */
  outcomes: readonly DecisionOutcome[];
  /**
   * When a person declines an AI release for this reason, the AI missed
   * something that could hurt people, product or the line: the autonomy gate
   * allows none of these in its window.
   */
  critical: boolean;
}

const DECLINE: readonly DecisionOutcome[] = ['REJECT', 'HOLD'];
const ANY: readonly DecisionOutcome[] = ['APPROVE', 'REJECT', 'HOLD'];

export const REASON_CODES: Readonly<Record<string, readonly ReasonCode[]>> = {
  ORDER_RELEASE: [
    { code: 'AGREE', label: 'Agree with the assessment', outcomes: ANY, critical: false },
    { code: 'CAPACITY_AVAILABLE', label: 'Capacity is available after all', outcomes: ['APPROVE'], critical: false },
    { code: 'PRIORITY_OVERRIDE', label: 'Customer or plant priority', outcomes: ANY, critical: false },
    { code: 'MATERIAL_NOT_AVAILABLE', label: 'Material is not really available', outcomes: DECLINE, critical: true },
    { code: 'EQUIPMENT_NOT_READY', label: 'Equipment is not ready', outcomes: DECLINE, critical: true },
    { code: 'NO_QUALIFIED_OPERATOR', label: 'No qualified operator', outcomes: DECLINE, critical: false },
    { code: 'QUALITY_HOLD', label: 'Quality hold on material or process', outcomes: DECLINE, critical: true },
    { code: 'SAFETY', label: 'Safety concern', outcomes: DECLINE, critical: true },
    { code: 'SCHEDULE_CONFLICT', label: 'Conflicts with the schedule', outcomes: DECLINE, critical: false },
    { code: 'DATA_WRONG', label: 'The data behind the assessment is wrong', outcomes: ANY, critical: false },
    { code: 'OTHER', label: 'Other (say why in the comment)', outcomes: ANY, critical: false },
  ],
};

export function reasonCodesFor(decisionType: string, outcome?: DecisionOutcome): readonly ReasonCode[] {
  const codes = REASON_CODES[decisionType] ?? [];
  return outcome ? codes.filter((c) => c.outcomes.includes(outcome)) : codes;
}

export function getReasonCode(decisionType: string, code: string): ReasonCode | null {
  return (REASON_CODES[decisionType] ?? []).find((c) => c.code === code) ?? null;
}

/** A person declined an AI proposal for a reason the AI should have seen. */
export function isCriticalReason(decisionType: string, code: string | null | undefined): boolean {
  return code ? (getReasonCode(decisionType, code)?.critical ?? false) : false;
}
