// The structured part of a decision, shared by the decision form and the
// server: a reason code from the type's list (lib/recommendations/reason-codes.ts),
// the comment rule that goes with it, and an edit (the person's correction of
// the AI's assessment) validated per decision type. Client-safe and pure: the
// server passes its own clock.
import { z } from 'zod';
import { humanActionOf } from '@/lib/recommendations/decision-label';
import { reasonCodesFor } from '@/lib/recommendations/reason-codes';
import type { DecisionOutcome, RecommendedAction } from '@/lib/recommendations/types';

export const FEASIBILITY_VERDICTS = ['FEASIBLE', 'FEASIBLE_WITH_NOTES', 'AT_RISK', 'BLOCKED'] as const;

/** ORDER_RELEASE: the verdict the person would have given, and for a hold, when the order may start. */
export const orderReleaseEditSchema = z.strictObject(
  {
    verdict: z.enum(FEASIBILITY_VERDICTS, { message: 'Choose FEASIBLE, FEASIBLE_WITH_NOTES, AT_RISK or BLOCKED' }).optional(),
    earliestStart: z.iso.datetime({ offset: true, message: 'Give the hold-until time as an ISO 8601 date-time, e.g. 2026-11-25T14:00:00Z' }).optional(),
  },
  { message: 'An order-release correction has only verdict and earliestStart' },
);

export type OrderReleaseEdit = z.infer<typeof orderReleaseEditSchema>;
/** Every type's edit; a union once other decision types take corrections. */
export type DecisionEdit = OrderReleaseEdit;

export type FieldErrors = Record<string, string[]>;

export interface DecisionDetailsInput {
  decisionType: string;
  outcome: DecisionOutcome;
  /** The AI's action: what an edit is checked against. */
  aiAction: RecommendedAction;
  comment: string | null;
  reasonCode: string | null;
  edit: unknown;
  now: Date;
}

export type DecisionDetails =
  | { ok: true; reasonCode: string | null; edit: DecisionEdit | null }
  | { ok: false; fieldErrors: FieldErrors; message: string };

function add(errors: FieldErrors, field: string, message: string) {
  (errors[field] ??= []).push(message);
}

/** Whether the comment is required: to reject without a specific reason, or with the reason OTHER. */
export function isCommentRequired(outcome: DecisionOutcome, reasonCode: string | null): boolean {
  if (reasonCode === 'OTHER') return true;
  return outcome === 'REJECT' && !reasonCode;
}

function checkOrderReleaseEdit(edit: OrderReleaseEdit, input: DecisionDetailsInput, errors: FieldErrors): OrderReleaseEdit {
  const out: OrderReleaseEdit = {};
  if (edit.earliestStart !== undefined) {
    const at = new Date(edit.earliestStart);
    if (input.outcome !== 'HOLD') add(errors, 'edit.earliestStart', 'A hold-until time goes with Hold only');
    else if (!(at.getTime() > input.now.getTime())) add(errors, 'edit.earliestStart', 'The hold-until time must be in the future');
    else out.earliestStart = at.toISOString();
  }
  if (edit.verdict !== undefined) {
    const action = humanActionOf({ outcome: input.outcome, aiAction: input.aiAction, holdUntil: out.earliestStart ?? null });
    if (edit.verdict === 'BLOCKED' && action === 'RELEASE_ORDER') {
      add(errors, 'edit.verdict', 'A blocked order cannot go to the floor: this decision releases it, so choose another verdict or another decision');
    } else {
      out.verdict = edit.verdict;
    }
  }
  return out;
}

/** Per decision type: the edit's shape, then the rules that need the decision (outcome, AI action, clock). */
const EDIT_RULES: Readonly<Record<string, { schema: z.ZodType<DecisionEdit>; check: (edit: DecisionEdit, input: DecisionDetailsInput, errors: FieldErrors) => DecisionEdit }>> = {
  ORDER_RELEASE: { schema: orderReleaseEditSchema, check: checkOrderReleaseEdit },
};

/**
 * Checks the reason code, the comment rule and the edit together, so that a
 * person sees every problem at once. An empty edit is no edit.
 */
export function checkDecisionDetails(input: DecisionDetailsInput): DecisionDetails {
  const errors: FieldErrors = {};
  const reasonCode = input.reasonCode?.trim() || null;
  const validReason = reasonCode !== null && reasonCodesFor(input.decisionType, input.outcome).some((r) => r.code === reasonCode);
  if (reasonCode && !validReason) add(errors, 'reasonCode', 'Not a reason for this decision: choose one from the list');
  // An invalid code stands in for nothing: the comment rule applies as if no reason were given.
  if (isCommentRequired(input.outcome, validReason ? reasonCode : null) && !input.comment?.trim()) {
    add(errors, 'comment', reasonCode === 'OTHER' ? 'Say why in the comment (the reason is Other)' : 'Give the reason for rejecting');
  }

  let edit: DecisionEdit | null = null;
  if (input.edit !== undefined && input.edit !== null) {
    const rules = EDIT_RULES[input.decisionType];
    if (!rules) {
      add(errors, 'edit', 'This kind of recommendation takes no corrections');
    } else {
      const parsed = rules.schema.safeParse(input.edit);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) add(errors, ['edit', ...issue.path.map(String)].join('.'), issue.message);
      } else {
        const checked = rules.check(parsed.data, input, errors);
        edit = Object.keys(checked).length > 0 ? checked : null;
      }
    }
  }

  const fields = Object.keys(errors);
  if (fields.length > 0) {
    const message = fields.length === 1 && fields[0] === 'comment' && input.outcome === 'REJECT' ? 'A reason is required to reject' : errors[fields[0]][0];
    return { ok: false, fieldErrors: errors, message };
  }
  return { ok: true, reasonCode, edit };
}
