import { describe, expect, it } from 'vitest';
import { describePolicyChange, isSamePolicy } from '@/lib/policies/describe-policy-change';

const supervised = { mode: 'SUPERVISED', autoThreshold: 0.9, atRiskThreshold: 0.6 } as const;

describe('describePolicyChange', () => {
  it('names only what changes, thresholds as the table shows them', () => {
    expect(describePolicyChange(supervised, { ...supervised, mode: 'AUTO' })).toBe('SUPERVISED → AUTO');
    expect(describePolicyChange(supervised, { mode: 'AUTO', autoThreshold: 0.925, atRiskThreshold: 0.5 })).toBe('SUPERVISED → AUTO, auto-release 90% → 92.5%, at risk below 60% → 50%');
    expect(describePolicyChange(supervised, supervised)).toBe('no change');
  });

  it('tells a real change from the same values', () => {
    expect(isSamePolicy(supervised, { ...supervised })).toBe(true);
    expect(isSamePolicy(supervised, { ...supervised, atRiskThreshold: 0.61 })).toBe(false);
  });
});
