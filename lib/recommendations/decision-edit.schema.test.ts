import { describe, expect, it } from 'vitest';
import { checkDecisionDetails, isCommentRequired, type DecisionDetailsInput } from '@/lib/recommendations/decision-edit.schema';

const NOW = new Date('2026-11-25T10:00:00Z');
const base: DecisionDetailsInput = { decisionType: 'ORDER_RELEASE', outcome: 'APPROVE', aiAction: 'RELEASE_ORDER', comment: null, reasonCode: null, edit: undefined, now: NOW };
const check = (over: Partial<DecisionDetailsInput>) => checkDecisionDetails({ ...base, ...over });
const errorsOf = (over: Partial<DecisionDetailsInput>) => {
  const r = check(over);
  return r.ok ? {} : r.fieldErrors;
};

describe('reason codes and the comment rule', () => {
  it('takes a decision with neither reason nor edit', () => {
    expect(check({})).toEqual({ ok: true, reasonCode: null, edit: null });
  });

  it('accepts a reason valid for the outcome and refuses one that is not', () => {
    expect(check({ outcome: 'REJECT', reasonCode: 'MATERIAL_NOT_AVAILABLE' })).toMatchObject({ ok: true, reasonCode: 'MATERIAL_NOT_AVAILABLE' });
    // A decline-only reason cannot accompany an approval; an unknown code never.
    expect(errorsOf({ outcome: 'APPROVE', reasonCode: 'SAFETY' }).reasonCode).toHaveLength(1);
    expect(errorsOf({ outcome: 'REJECT', reasonCode: 'NOT_A_CODE', comment: 'x' }).reasonCode).toHaveLength(1);
    expect(errorsOf({ decisionType: 'UNKNOWN_TYPE', reasonCode: 'AGREE' }).reasonCode).toHaveLength(1);
  });

  it('needs a comment to reject without a specific reason, and with OTHER always', () => {
    expect(isCommentRequired('REJECT', null)).toBe(true);
    expect(isCommentRequired('REJECT', 'SAFETY')).toBe(false);
    expect(isCommentRequired('REJECT', 'OTHER')).toBe(true);
    expect(isCommentRequired('APPROVE', 'OTHER')).toBe(true);
    expect(isCommentRequired('HOLD', null)).toBe(false);

    const noReason = check({ outcome: 'REJECT', comment: '   ' });
    expect(noReason).toMatchObject({ ok: false, message: 'A reason is required to reject' });
    expect(errorsOf({ outcome: 'HOLD', reasonCode: 'OTHER' }).comment).toEqual(['Say why in the comment (the reason is Other)']);
    expect(check({ outcome: 'REJECT', reasonCode: 'OTHER', comment: 'the customer cancelled' }).ok).toBe(true);
  });
});

describe('order-release edits', () => {
  it('keeps a corrected verdict and a future hold-until time, normalised to UTC', () => {
    expect(check({ outcome: 'HOLD', edit: { verdict: 'AT_RISK', earliestStart: '2026-11-25T14:30:00+01:00' } })).toEqual({
      ok: true,
      reasonCode: null,
      edit: { verdict: 'AT_RISK', earliestStart: '2026-11-25T13:30:00.000Z' },
    });
    expect(check({ outcome: 'APPROVE', edit: { verdict: 'FEASIBLE_WITH_NOTES' } })).toMatchObject({ ok: true, edit: { verdict: 'FEASIBLE_WITH_NOTES' } });
  });

  it('treats an empty edit as no edit', () => {
    expect(check({ edit: {} })).toEqual({ ok: true, reasonCode: null, edit: null });
    expect(check({ edit: null })).toEqual({ ok: true, reasonCode: null, edit: null });
  });

  it('refuses an unknown verdict, an unknown field and a time that is not ISO, by field', () => {
    expect(errorsOf({ edit: { verdict: 'MAYBE' } })['edit.verdict']).toHaveLength(1);
    expect(Object.keys(errorsOf({ edit: { verdict: 'AT_RISK', quantity: 5 } }))).toEqual(['edit']);
    expect(errorsOf({ outcome: 'HOLD', edit: { earliestStart: 'tomorrow' } })['edit.earliestStart']).toHaveLength(1);
    expect(errorsOf({ edit: 'AT_RISK' }).edit).toHaveLength(1);
  });

  it('takes a hold-until time only with a hold, and only in the future', () => {
    expect(errorsOf({ outcome: 'APPROVE', edit: { earliestStart: '2026-11-26T08:00:00Z' } })['edit.earliestStart']).toEqual(['A hold-until time goes with Hold only']);
    expect(errorsOf({ outcome: 'REJECT', comment: 'x', edit: { earliestStart: '2026-11-26T08:00:00Z' } })['edit.earliestStart']).toHaveLength(1);
    expect(errorsOf({ outcome: 'HOLD', edit: { earliestStart: NOW.toISOString() } })['edit.earliestStart']).toEqual(['The hold-until time must be in the future']);
  });

  it('refuses a release of an order the person marks blocked, but not a hold of it', () => {
    expect(errorsOf({ outcome: 'APPROVE', edit: { verdict: 'BLOCKED' } })['edit.verdict']).toHaveLength(1);
    expect(errorsOf({ outcome: 'REJECT', aiAction: 'HOLD_ORDER', reasonCode: 'PRIORITY_OVERRIDE', edit: { verdict: 'BLOCKED' } })['edit.verdict']).toHaveLength(1);
    expect(check({ outcome: 'HOLD', edit: { verdict: 'BLOCKED' } }).ok).toBe(true);
    expect(check({ outcome: 'APPROVE', aiAction: 'HOLD_ORDER', edit: { verdict: 'BLOCKED' } }).ok).toBe(true);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({ outcome: 'REJECT', reasonCode: 'NOPE', edit: { verdict: 'MAYBE' } });
    expect(Object.keys(errors).sort()).toEqual(['comment', 'edit.verdict', 'reasonCode']);
  });

  it('refuses any edit for a type that takes no corrections', () => {
    expect(errorsOf({ decisionType: 'GOODS_MOVEMENT', edit: { verdict: 'AT_RISK' } }).edit).toEqual(['This kind of recommendation takes no corrections']);
  });
});
