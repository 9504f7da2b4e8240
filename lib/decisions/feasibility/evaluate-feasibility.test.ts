import { describe, expect, it } from 'vitest';
import { evaluateFeasibility, featureInputOf, type FloorSnapshot } from '@/lib/decisions/feasibility/evaluate-feasibility';
import { FEATURE_NAMES, toFeatureVector } from '@/lib/decisions/feasibility/features';

const NOW = new Date('2026-11-25T08:00:00Z');
const h = (n: number) => new Date(NOW.getTime() + n * 3_600_000);

function snapshot(over: Partial<FloorSnapshot> = {}): FloorSnapshot {
  return {
    now: NOW,
    order: { orderId: '1000123', siteId: '1710', material: 'VALVE-ASSY-55', materialKnown: true, quantity: 500, dueDate: h(24), workCenter: 'WC-ASSY-05', requiredSkill: 'TORQUE_CERT' },
    workCenter: { code: 'WC-ASSY-05', lineCode: 'L1', ratePerHour: 120, state: 'RUNNING', reason: null, expectedUpAt: null, oee: 0.8 },
    queue: { orders: 1, hours: 2 },
    operators: { onShift: [{ operator: 'op-ana', skills: ['TORQUE_CERT'] }], rostered: [] },
    components: [
      { material: 'VLV-55', required: 500, uom: 'EA', lineside: 900, storage: 4000, receipts: [] },
      { material: 'BOLT-M8', required: 2000, uom: 'EA', lineside: 8000, storage: 60000, receipts: [] },
    ],
    ...over,
  };
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('evaluateFeasibility', () => {
  it('is FEASIBLE and releases when everything is in place', () => {
    const r = evaluateFeasibility(snapshot(), 0.93, 0.6);
    expect(r.verdict).toBe('FEASIBLE');
    expect(r.recommendedAction).toBe('RELEASE_ORDER');
    expect(r.findings).toEqual([]);
    expect(r.score).toBe(0.93);
    expect(r.earliestStart).toEqual(NOW);
  });

  it('BLOCKS when the work center is down past the latest start', () => {
    const s = snapshot({ workCenter: { ...snapshot().workCenter!, state: 'DOWN', reason: 'spindle fault', expectedUpAt: h(30) } });
    const r = evaluateFeasibility(s, 0.9, 0.6);
    expect(r.verdict).toBe('BLOCKED');
    expect(r.recommendedAction).toBe('HOLD_ORDER');
    expect(codes(r)).toContain('WORK_CENTER_DOWN');
    expect(r.score).toBe(0);
  });

  it('BLOCKS when the work center is down with no expected return', () => {
    const s = snapshot({ workCenter: { ...snapshot().workCenter!, state: 'MAINTENANCE', expectedUpAt: null } });
    expect(codes(evaluateFeasibility(s, 0.9, 0.6))).toContain('WORK_CENTER_MAINTENANCE');
  });

  it('delays the release when the work center is back before the latest start', () => {
    const s = snapshot({ workCenter: { ...snapshot().workCenter!, state: 'DOWN', expectedUpAt: h(3) } });
    const r = evaluateFeasibility(s, 0.9, 0.6);
    expect(r.verdict).toBe('FEASIBLE_WITH_NOTES');
    expect(r.recommendedAction).toBe('DELAY_RELEASE');
    expect(r.earliestStart).toEqual(h(3));
    expect(codes(r)).toContain('WORK_CENTER_BACK_LATER');
  });

  it('BLOCKS when no certified operator is on shift or rostered in time', () => {
    const s = snapshot({ operators: { onShift: [{ operator: 'op-x', skills: ['FORKLIFT'] }], rostered: [{ operator: 'op-late', skills: ['TORQUE_CERT'], from: h(40) }] } });
    const r = evaluateFeasibility(s, 0.9, 0.6);
    expect(r.verdict).toBe('BLOCKED');
    expect(codes(r)).toEqual(['NO_CERTIFIED_OPERATOR']);
  });

  it('accepts a certified operator rostered before the latest start, as a note', () => {
    const s = snapshot({ operators: { onShift: [], rostered: [{ operator: 'op-ben', skills: ['TORQUE_CERT'], from: h(1) }] } });
    const r = evaluateFeasibility(s, 0.9, 0.6);
    expect(r.verdict).toBe('FEASIBLE_WITH_NOTES');
    expect(codes(r)).toEqual(['OPERATOR_ROSTERED_LATER']);
  });

  it('gives FEASIBLE_WITH_NOTES and a replenishment warning when line-side is short but storage covers', () => {
    const s = snapshot();
    s.components![0] = { ...s.components![0], lineside: 480, storage: 4000 };
    const r = evaluateFeasibility(s, 0.9, 0.6);
    expect(r.verdict).toBe('FEASIBLE_WITH_NOTES');
    expect(r.recommendedAction).toBe('RELEASE_ORDER');
    const f = r.findings.find((x) => x.code === 'LINESIDE_SHORT')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('Material VLV-55 stock at line-side is 480, a replenishment signal will be sent.');
  });

  it('BLOCKS a component shortage with no receipt in time, and not when a receipt covers it', () => {
    const s = snapshot();
    s.components![0] = { ...s.components![0], lineside: 100, storage: 200, receipts: [{ quantity: 500, dueAt: h(30) }] };
    expect(evaluateFeasibility(s, 0.9, 0.6).verdict).toBe('BLOCKED');
    s.components![0].receipts = [{ quantity: 500, dueAt: h(2) }];
    const r = evaluateFeasibility(s, 0.9, 0.6);
    expect(r.verdict).toBe('FEASIBLE_WITH_NOTES');
    expect(codes(r)).toContain('AWAITING_RECEIPT');
    expect(r.earliestStart).toEqual(h(2));
  });

  it('is AT_RISK under the probability threshold, and when the queue pushes the finish past the due date', () => {
    expect(evaluateFeasibility(snapshot(), 0.4, 0.6).verdict).toBe('AT_RISK');
    const r = evaluateFeasibility(snapshot({ queue: { orders: 9, hours: 30 } }), 0.9, 0.6);
    expect(r.verdict).toBe('AT_RISK');
    expect(codes(r)).toContain('QUEUE_PAST_DUE');
  });

  it('reports unknown material and work center as findings, not errors', () => {
    const s = snapshot({ workCenter: null, components: null });
    s.order.materialKnown = false;
    const r = evaluateFeasibility(s, 0.5, 0.6);
    expect(r.verdict).toBe('BLOCKED');
    expect(codes(r)).toEqual(expect.arrayContaining(['UNKNOWN_MATERIAL', 'UNKNOWN_WORK_CENTER']));
  });

  it('builds one feature per name from the snapshot', () => {
    const s = snapshot({ workCenter: { ...snapshot().workCenter!, state: 'DOWN', expectedUpAt: h(5) } });
    const input = featureInputOf(s);
    expect(input.hoursUntilUp).toBe(5);
    expect(input.certifiedOperatorsOnShift).toBe(1);
    expect(input.stockCover).toBeCloseTo(4900 / 500);
    expect(input.linesideCover).toBeCloseTo(900 / 500);
    const v = toFeatureVector(input);
    expect(v).toHaveLength(FEATURE_NAMES.length);
    expect(v[FEATURE_NAMES.indexOf('machine_down')]).toBe(1);
    expect(v[FEATURE_NAMES.indexOf('stock_cover')]).toBe(5); // capped
    expect(v[FEATURE_NAMES.indexOf('planned_hours')]).toBeCloseTo(500 / (120 * 0.8));
  });
});
