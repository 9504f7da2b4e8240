import { describe, expect, it } from 'vitest';
import { CRITICAL_MISS_LIST_LIMIT, computeScorecard, isCriticalMiss, isUnexplainedDecline, type ScorecardExample } from '@/lib/scorecard/compute-scorecard';

let n = 0;
function ex(over: Partial<ScorecardExample> & Pick<ScorecardExample, 'decidedAt'>): ScorecardExample {
  n += 1;
  return {
    recommendationId: `rec-${n}`,
    decisionType: 'ORDER_RELEASE',
    siteId: '1710',
    lineId: 'line-1',
    source: 'DECISION',
    aiVerdict: 'FEASIBLE',
    aiAction: 'RELEASE_ORDER',
    outcome: 'APPROVE',
    humanAction: 'RELEASE_ORDER',
    agreed: true,
    reasonCode: null,
    costValue: null,
    costMinutes: null,
    decidedByName: 'Sam Supervisor',
    ...over,
  };
}

const at = (iso: string) => new Date(iso);

// Site 1710 is in Palo Alto (PST, UTC−8 in late November / December).
const EXAMPLES: ScorecardExample[] = [
  // 1: 07:00 local, early. Agreed release.
  ex({ decidedAt: at('2026-11-25T15:00:00Z'), costValue: 1000, costMinutes: 60 }),
  // 2: 15:00 local, late. Release rejected for safety: a critical miss.
  ex({ decidedAt: at('2026-11-25T23:00:00Z'), outcome: 'REJECT', humanAction: 'HOLD_ORDER', agreed: false, reasonCode: 'SAFETY', costValue: 3000, costMinutes: 120 }),
  // 3: 23:00 local on the 25th, night. Agreed delay, no cost.
  ex({ decidedAt: at('2026-11-26T07:00:00Z'), lineId: 'line-2', aiVerdict: 'AT_RISK', aiAction: 'DELAY_RELEASE', humanAction: 'DELAY_RELEASE' }),
  // 4: 08:00 local, early. Held for a non-critical reason.
  ex({
    decidedAt: at('2026-11-26T16:00:00Z'),
    lineId: 'line-2',
    aiVerdict: 'FEASIBLE_WITH_NOTES',
    outcome: 'HOLD',
    humanAction: 'HOLD_ORDER',
    agreed: false,
    reasonCode: 'NO_QUALIFIED_OPERATOR',
    costValue: 500,
    costMinutes: 30,
  }),
  // 5: Sunday 29th 23:00 local (Monday in UTC), night. Shadow: not released, no reason: unexplained.
  ex({ decidedAt: at('2026-11-30T07:00:00Z'), lineId: null, source: 'OBSERVED', outcome: 'NOT_RELEASED', humanAction: 'HOLD_ORDER', agreed: false, costValue: 1000, costMinutes: 0 }),
  // 6: Tuesday 1st 10:00 local, early. Shadow: the AI would have held, people released.
  ex({ decidedAt: at('2026-12-01T18:00:00Z'), source: 'OBSERVED', aiVerdict: 'BLOCKED', aiAction: 'HOLD_ORDER', outcome: 'RELEASED', humanAction: 'RELEASE_ORDER', agreed: false, costValue: 0, costMinutes: 0 }),
  // 7: Tuesday 1st 16:00 local, late. Shadow: not released, the ERP's hold reason is critical.
  ex({ decidedAt: at('2026-12-02T00:00:00Z'), source: 'OBSERVED', outcome: 'NOT_RELEASED', humanAction: 'HOLD_ORDER', agreed: false, reasonCode: 'EQUIPMENT_NOT_READY', costValue: 2000, costMinutes: 90 }),
  // Another site, in UTC.
  ex({ siteId: '2000', decidedAt: at('2026-11-25T15:00:00Z'), costValue: 10, costMinutes: 1 }),
];

const options = {
  timeZoneOf: (siteId: string) => (siteId === '1710' ? 'America/Los_Angeles' : 'UTC'),
  lineLabelOf: (id: string) => ({ 'line-1': 'L1', 'line-2': 'L2' })[id],
};

describe('computeScorecard', () => {
  const groups = computeScorecard(EXAMPLES, options);
  const g = groups.find((x) => x.siteId === '1710')!;

  it('makes one group per decision type and site', () => {
    expect(groups.map((x) => [x.decisionType, x.siteId, x.timezone])).toEqual([
      ['ORDER_RELEASE', '1710', 'America/Los_Angeles'],
      ['ORDER_RELEASE', '2000', 'UTC'],
    ]);
    expect(groups[1].total).toMatchObject({ decisions: 1, agreements: 1, agreementRate: 1, criticalMisses: 0 });
  });

  it('counts decisions, agreements and the agreement rate', () => {
    expect(g.total).toMatchObject({ decisions: 7, agreements: 2, disagreements: 5, criticalMisses: 2, unexplainedDeclines: 1 });
    expect(g.total.agreementRate).toBeCloseTo(2 / 7, 12);
  });

  it('weights disagreements by value and minutes at stake', () => {
    expect(g.total.costValue).toMatchObject({ total: 7500, disagreement: 6500 });
    expect(g.total.costValue.weightedAgreementRate).toBeCloseTo(1 - 6500 / 7500, 12);
    expect(g.total.costMinutes).toMatchObject({ total: 300, disagreement: 240 });
    expect(g.total.costMinutes.weightedAgreementRate).toBeCloseTo(0.2, 12);
  });

  it('splits people’s decisions from shadow observations', () => {
    expect(g.bySource.DECISION).toMatchObject({ decisions: 4, agreements: 2, criticalMisses: 1, unexplainedDeclines: 0 });
    expect(g.bySource.OBSERVED).toMatchObject({ decisions: 3, agreements: 0, criticalMisses: 1, unexplainedDeclines: 1 });
    expect(g.bySource.OBSERVED.agreementRate).toBe(0);
  });

  it('breaks down by the AI’s verdict, best first', () => {
    expect(g.byClass.map((r) => [r.key, r.decisions, r.agreements])).toEqual([
      ['FEASIBLE', 4, 1],
      ['FEASIBLE_WITH_NOTES', 1, 0],
      ['AT_RISK', 1, 1],
      ['BLOCKED', 1, 0],
    ]);
  });

  it('breaks down by line, with examples without a line last', () => {
    expect(g.byLine.map((r) => [r.key, r.label, r.decisions, r.agreements])).toEqual([
      ['line-1', 'L1', 4, 1],
      ['line-2', 'L2', 2, 1],
      ['', 'No line', 1, 0],
    ]);
  });

  it('breaks down by shift in the site’s time zone', () => {
    expect(g.byShift.map((r) => [r.key, r.decisions, r.agreements, r.criticalMisses])).toEqual([
      ['EARLY', 3, 1, 0],
      ['LATE', 2, 0, 2],
      ['NIGHT', 2, 1, 0],
    ]);
  });

  it('breaks down by local week', () => {
    expect(g.byWeek.map((r) => [r.key, r.decisions, r.agreements])).toEqual([
      ['2026-11-23', 5, 2],
      ['2026-11-30', 2, 0],
    ]);
  });

  it('lists the critical misses, newest first', () => {
    expect(g.recentCriticalMisses.map((m) => [m.recommendationId, m.reasonCode, m.source])).toEqual([
      [EXAMPLES[6].recommendationId, 'EQUIPMENT_NOT_READY', 'OBSERVED'],
      [EXAMPLES[1].recommendationId, 'SAFETY', 'DECISION'],
    ]);
  });

  it('gives the same answer whatever order the rows arrive in', () => {
    expect(computeScorecard([...EXAMPLES].reverse(), options)).toEqual(groups);
  });

  it('has no rates where there is nothing to divide by', () => {
    const [only] = computeScorecard([ex({ decidedAt: at('2026-11-25T15:00:00Z') })], options);
    expect(only.total.costValue.weightedAgreementRate).toBeNull();
    expect(only.bySource.OBSERVED.agreementRate).toBeNull();
    expect(computeScorecard([], options)).toEqual([]);
  });

  it('keeps only the newest critical misses in the list but counts them all', () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      ex({ decidedAt: new Date(Date.UTC(2026, 10, 1, 0, i)), outcome: 'REJECT', humanAction: 'HOLD_ORDER', agreed: false, reasonCode: 'QUALITY_HOLD' }),
    );
    const [only] = computeScorecard(many, options);
    expect(only.total.criticalMisses).toBe(50);
    expect(only.recentCriticalMisses).toHaveLength(CRITICAL_MISS_LIST_LIMIT);
    expect(only.recentCriticalMisses[0].recommendationId).toBe(many[49].recommendationId);
    expect(only.recentCriticalMisses.at(-1)!.recommendationId).toBe(many[50 - CRITICAL_MISS_LIST_LIMIT].recommendationId);
  });
});

describe('isCriticalMiss', () => {
  const base = { decisionType: 'ORDER_RELEASE', aiAction: 'RELEASE_ORDER', humanAction: 'HOLD_ORDER', outcome: 'REJECT', reasonCode: 'SAFETY' };

  it('is a proposed release stopped for a critical reason', () => {
    expect(isCriticalMiss(base)).toBe(true);
    expect(isCriticalMiss({ ...base, outcome: 'HOLD', reasonCode: 'MATERIAL_NOT_AVAILABLE' })).toBe(true);
  });

  it('is not a release that went ahead, a non-critical reason, no reason, or an AI that proposed to hold', () => {
    expect(isCriticalMiss({ ...base, outcome: 'APPROVE', humanAction: 'RELEASE_ORDER' })).toBe(false);
    expect(isCriticalMiss({ ...base, reasonCode: 'SCHEDULE_CONFLICT' })).toBe(false);
    expect(isCriticalMiss({ ...base, reasonCode: null })).toBe(false);
    expect(isCriticalMiss({ ...base, aiAction: 'HOLD_ORDER' })).toBe(false);
    expect(isCriticalMiss({ ...base, decisionType: 'UNKNOWN_TYPE' })).toBe(false);
  });

  it('counts a decline by its outcome even when the recorded action still reads release', () => {
    expect(isCriticalMiss({ ...base, humanAction: 'RELEASE_ORDER', outcome: 'REJECT' })).toBe(true);
  });

  it('calls a silent non-release in shadow an unexplained decline, not a miss', () => {
    const silent = { ...base, source: 'OBSERVED', outcome: 'NOT_RELEASED', reasonCode: null };
    expect(isCriticalMiss(silent)).toBe(false);
    expect(isUnexplainedDecline(silent)).toBe(true);
    expect(isUnexplainedDecline({ ...silent, source: 'DECISION' })).toBe(false);
  });
});
