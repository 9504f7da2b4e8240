import { describe, expect, it } from 'vitest';
import { feasibilityLabelOf, humanActionOf, isAgreement, observedHumanActionOf } from '@/lib/recommendations/decision-label';
import type { DecisionOutcome, RecommendedAction } from '@/lib/recommendations/types';

const ACTIONS: RecommendedAction[] = ['RELEASE_ORDER', 'DELAY_RELEASE', 'HOLD_ORDER'];

describe('humanActionOf', () => {
  it('is the proposal itself when a person approves it', () => {
    for (const aiAction of ACTIONS) expect(humanActionOf({ outcome: 'APPROVE', aiAction })).toBe(aiAction);
  });

  it('keeps a rejected release unreleased and releases a rejected hold or delay', () => {
    expect(humanActionOf({ outcome: 'REJECT', aiAction: 'RELEASE_ORDER' })).toBe('HOLD_ORDER');
    expect(humanActionOf({ outcome: 'REJECT', aiAction: 'HOLD_ORDER' })).toBe('RELEASE_ORDER');
    expect(humanActionOf({ outcome: 'REJECT', aiAction: 'DELAY_RELEASE' })).toBe('RELEASE_ORDER');
  });

  it('holds a release; a hold of a hold or delay has the proposal\'s effect; a hold-until time makes it a delay', () => {
    expect(humanActionOf({ outcome: 'HOLD', aiAction: 'RELEASE_ORDER' })).toBe('HOLD_ORDER');
    expect(humanActionOf({ outcome: 'HOLD', aiAction: 'HOLD_ORDER' })).toBe('HOLD_ORDER');
    expect(humanActionOf({ outcome: 'HOLD', aiAction: 'DELAY_RELEASE' })).toBe('DELAY_RELEASE');
    for (const aiAction of ACTIONS) expect(humanActionOf({ outcome: 'HOLD', aiAction, holdUntil: '2030-01-01T08:00:00.000Z' })).toBe('DELAY_RELEASE');
  });

  it('never answers a hold-until time on an approval or a rejection with a delay', () => {
    expect(humanActionOf({ outcome: 'APPROVE', aiAction: 'RELEASE_ORDER', holdUntil: '2030-01-01T08:00:00.000Z' })).toBe('RELEASE_ORDER');
    expect(humanActionOf({ outcome: 'REJECT', aiAction: 'HOLD_ORDER', holdUntil: '2030-01-01T08:00:00.000Z' })).toBe('RELEASE_ORDER');
  });
});

describe('observedHumanActionOf', () => {
  it('is a release when people released the order in the ERP', () => {
    for (const aiAction of ACTIONS) expect(observedHumanActionOf('RELEASED', aiAction)).toBe('RELEASE_ORDER');
  });

  it('agrees with a proposal that kept the order unreleased when people did not release it either', () => {
    expect(observedHumanActionOf('NOT_RELEASED', 'RELEASE_ORDER')).toBe('HOLD_ORDER');
    expect(observedHumanActionOf('NOT_RELEASED', 'HOLD_ORDER')).toBe('HOLD_ORDER');
    expect(observedHumanActionOf('NOT_RELEASED', 'DELAY_RELEASE')).toBe('DELAY_RELEASE');
  });
});

describe('feasibilityLabelOf', () => {
  it('is 1 only for a release when no verdict was given', () => {
    expect(ACTIONS.map((a) => feasibilityLabelOf(a))).toEqual([1, 0, 0]);
    expect(feasibilityLabelOf('RELEASE_ORDER', null)).toBe(1);
  });

  it('follows a corrected verdict over the action: feasible is 1, at risk and blocked are 0', () => {
    expect(feasibilityLabelOf('HOLD_ORDER', 'FEASIBLE')).toBe(1);
    expect(feasibilityLabelOf('DELAY_RELEASE', 'FEASIBLE_WITH_NOTES')).toBe(1);
    expect(feasibilityLabelOf('RELEASE_ORDER', 'AT_RISK')).toBe(0);
    expect(feasibilityLabelOf('RELEASE_ORDER', 'BLOCKED')).toBe(0);
  });
});

describe('isAgreement', () => {
  it('compares the actions', () => {
    const cases: [DecisionOutcome, RecommendedAction, boolean][] = [
      ['APPROVE', 'RELEASE_ORDER', true],
      ['APPROVE', 'HOLD_ORDER', true],
      ['REJECT', 'RELEASE_ORDER', false],
      ['HOLD', 'RELEASE_ORDER', false],
      ['HOLD', 'HOLD_ORDER', true],
    ];
    for (const [outcome, aiAction, agreed] of cases) expect(isAgreement(aiAction, humanActionOf({ outcome, aiAction }))).toBe(agreed);
  });
});
