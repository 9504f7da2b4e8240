import { describe, expect, it } from 'vitest';
import { describeNextRung, evaluatePromotionGate, gateForMode, needsGate, nextRung, PROMOTION_GATE } from '@/lib/scorecard/promotion-gate';

const byKey = (e: ReturnType<typeof evaluatePromotionGate>) => Object.fromEntries(e.conditions.map((c) => [c.key, c.passed]));

describe('evaluatePromotionGate', () => {
  it('has the documented defaults', () => {
    expect(PROMOTION_GATE).toEqual({ minDecisions: 50, minAgreementRate: 0.9, maxCriticalMisses: 0, windowDays: 30 });
  });

  it('is met at exactly the thresholds', () => {
    const e = evaluatePromotionGate({ decisions: 50, agreements: 45, criticalMisses: 0 });
    expect(e.met).toBe(true);
    expect(byKey(e)).toEqual({ decisions: true, agreement: true, criticalMisses: true });
    expect(e.conditions.find((c) => c.key === 'agreement')!.actual).toBe(0.9);
    expect(e.summary).toMatch(/^Gate met over the last 30 days/);
  });

  it('passes a 90 % bar at 27 of 30 and 63 of 70 despite floating point', () => {
    const criteria = { ...PROMOTION_GATE, minDecisions: 1 };
    expect(evaluatePromotionGate({ decisions: 30, agreements: 27, criticalMisses: 0 }, criteria).met).toBe(true);
    expect(evaluatePromotionGate({ decisions: 70, agreements: 63, criticalMisses: 0 }, criteria).met).toBe(true);
    expect(evaluatePromotionGate({ decisions: 70, agreements: 62, criticalMisses: 0 }, criteria).met).toBe(false);
  });

  it('fails on too few decisions and says how many more are needed', () => {
    const e = evaluatePromotionGate({ decisions: 49, agreements: 49, criticalMisses: 0 });
    expect(e.met).toBe(false);
    expect(byKey(e)).toEqual({ decisions: false, agreement: true, criticalMisses: true });
    expect(e.conditions[0].text).toBe('Only 49 decisions in the last 30 days; at least 50 needed (1 more).');
    expect(e.summary).toContain('Only 49 decisions');
  });

  it('fails on agreement just under the bar, with the numbers', () => {
    const e = evaluatePromotionGate({ decisions: 100, agreements: 89, criticalMisses: 0 });
    expect(byKey(e)).toEqual({ decisions: true, agreement: false, criticalMisses: true });
    expect(e.conditions[1].text).toBe('The AI agreed with people in 89 % of them (89 of 100); at least 90 % needed.');
  });

  it('fails on a single critical miss however good the rest is', () => {
    const e = evaluatePromotionGate({ decisions: 500, agreements: 499, criticalMisses: 1 });
    expect(e.met).toBe(false);
    expect(byKey(e)).toEqual({ decisions: true, agreement: true, criticalMisses: false });
    expect(e.conditions[2].text).toMatch(/^1 critical miss in the last 30 days .*none allowed\.$/);
  });

  it('cannot measure agreement without decisions', () => {
    const e = evaluatePromotionGate({ decisions: 0, agreements: 0, criticalMisses: 0 });
    expect(e.conditions[1]).toMatchObject({ passed: false, actual: null });
    expect(e.conditions[1].text).toMatch(/cannot be measured/);
  });

  it('takes other criteria', () => {
    const e = evaluatePromotionGate({ decisions: 10, agreements: 8, criticalMisses: 1 }, { minDecisions: 10, minAgreementRate: 0.8, maxCriticalMisses: 1, windowDays: 7 });
    expect(e.met).toBe(true);
    expect(e.windowDays).toBe(7);
  });
});

describe('the autonomy ladder', () => {
  it('names the next rung', () => {
    expect([nextRung('OFF'), nextRung('SHADOW'), nextRung('SUPERVISED'), nextRung('AUTO')]).toEqual(['SHADOW', 'SUPERVISED', 'AUTO', null]);
  });

  it('gates raises onto SUPERVISED and AUTO, never OFF → SHADOW or a lowering', () => {
    expect(needsGate('OFF', 'SHADOW')).toBe(false);
    expect(needsGate('SHADOW', 'SUPERVISED')).toBe(true);
    expect(needsGate('SUPERVISED', 'AUTO')).toBe(true);
    expect(needsGate('OFF', 'AUTO')).toBe(true);
    expect(needsGate('AUTO', 'SHADOW')).toBe(false);
    expect(needsGate('SUPERVISED', 'SUPERVISED')).toBe(false);
  });

  it('says what the gate means for the next rung', () => {
    const none = { decisions: 0, agreements: 0, criticalMisses: 0 };
    expect(describeNextRung(gateForMode('OFF', none))).toBe('OFF → SHADOW: no gate needed.');
    expect(describeNextRung(gateForMode('SHADOW', none))).toBe('SHADOW → SUPERVISED: gate not met.');
    expect(describeNextRung(gateForMode('SUPERVISED', { decisions: 60, agreements: 60, criticalMisses: 0 }))).toBe('SUPERVISED → AUTO: gate met.');
    expect(describeNextRung(gateForMode('AUTO', none))).toBe('AUTO is the top rung.');
  });
});
