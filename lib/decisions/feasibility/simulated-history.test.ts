import { describe, expect, it } from 'vitest';
import type { FeasibilityFeatureInput } from '@/lib/decisions/feasibility/features';
import { generateSimulatedHistory, simulateFinishHours, type SimulatedOrder } from '@/lib/decisions/feasibility/simulated-history';
import { createRandom } from '@/lib/ml/random';

const HOUR_MS = 3_600_000;
const history = generateSimulatedHistory({ seed: 42, days: 20 });
const onTimeRate = (orders: SimulatedOrder[]) => orders.filter((o) => o.onTime).length / orders.length;
const slackHours = (o: SimulatedOrder) => (o.input.dueDate.getTime() - o.input.now.getTime()) / HOUR_MS;

describe('generateSimulatedHistory', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(generateSimulatedHistory({ seed: 42, days: 20 })).toEqual(history);
    const other = generateSimulatedHistory({ seed: 43, days: 20 });
    expect(other.map((o) => o.onTime)).not.toEqual(history.map((o) => o.onTime));
  });

  it('spreads orders over the days in time order, with unique ids', () => {
    const days = new Set(history.map((o) => o.day));
    expect([...days]).toEqual(Array.from({ length: 20 }, (_, d) => d));
    for (let i = 1; i < history.length; i++) {
      expect(history[i].input.now.getTime()).toBeGreaterThanOrEqual(history[i - 1].input.now.getTime());
    }
    expect(new Set(history.map((o) => o.id)).size).toBe(history.length);
  });

  it('draws floor situations within the plant’s ranges', () => {
    for (const { input } of history) {
      expect(input.quantity).toBeGreaterThanOrEqual(50);
      expect(input.quantity).toBeLessThanOrEqual(1500);
      if (input.oee !== null) {
        expect(input.oee).toBeGreaterThanOrEqual(0.45);
        expect(input.oee).toBeLessThanOrEqual(0.95);
      }
      expect(input.queueHours).toBeGreaterThanOrEqual(0);
      expect(input.queueHours).toBeLessThanOrEqual(30);
      expect(input.certifiedOperatorsOnShift).toBeLessThanOrEqual(input.certifiedOperatorsRostered);
      expect(input.certifiedOperatorsRostered).toBeLessThanOrEqual(3);
      expect(input.linesideCover).toBeLessThanOrEqual(input.stockCover);
      const slack = (input.dueDate.getTime() - input.now.getTime()) / HOUR_MS;
      expect(slack).toBeGreaterThanOrEqual(2);
      expect(slack).toBeLessThanOrEqual(72);
      if (input.machineState === 'RUNNING' || input.machineState === 'IDLE') expect(input.hoursUntilUp).toBeNull();
    }
    const states = new Set(history.map((o) => o.input.machineState));
    expect(states).toEqual(new Set(['RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE']));
  });

  it('has a workable balance of on-time and late orders', () => {
    const rate = onTimeRate(history);
    expect(rate).toBeGreaterThan(0.3);
    expect(rate).toBeLessThan(0.85);
  });

  it('makes a long stop with little slack late more often', () => {
    const stoppedAndTight = history.filter(
      (o) => o.input.machineState !== 'RUNNING' && (o.input.hoursUntilUp ?? 0) >= 8 && slackHours(o) <= 24,
    );
    expect(stoppedAndTight.length).toBeGreaterThan(30);
    expect(onTimeRate(stoppedAndTight)).toBeLessThan(onTimeRate(history) - 0.3);
  });
});

describe('simulateFinishHours', () => {
  const now = new Date('2025-03-03T08:00:00Z');
  const base: FeasibilityFeatureInput = {
    now,
    dueDate: new Date(now.getTime() + 16 * HOUR_MS),
    quantity: 600,
    ratePerHour: 120,
    oee: 0.75,
    machineState: 'RUNNING',
    hoursUntilUp: null,
    queueHours: 4,
    wipOrders: 2,
    certifiedOperatorsOnShift: 2,
    certifiedOperatorsRostered: 2,
    stockCover: 3,
    linesideCover: 2,
  };
  const onTimeShare = (input: FeasibilityFeatureInput) => {
    const random = createRandom(9);
    const due = (input.dueDate.getTime() - input.now.getTime()) / HOUR_MS;
    let onTime = 0;
    for (let i = 0; i < 2000; i++) if (simulateFinishHours(input, random) <= due) onTime++;
    return onTime / 2000;
  };

  it('lowers the on-time chance for each thing that holds the order up', () => {
    const running = onTimeShare(base);
    expect(running).toBeGreaterThan(0.9);
    expect(onTimeShare({ ...base, machineState: 'DOWN', hoursUntilUp: 12 })).toBeLessThan(0.2);
    expect(onTimeShare({ ...base, certifiedOperatorsOnShift: 0, certifiedOperatorsRostered: 0 })).toBeLessThan(running - 0.3);
    expect(onTimeShare({ ...base, stockCover: 0.1, linesideCover: 0.05 })).toBeLessThan(running - 0.3);
    expect(onTimeShare({ ...base, dueDate: new Date(now.getTime() + 6 * HOUR_MS) })).toBeLessThan(0.05);
  });
});
