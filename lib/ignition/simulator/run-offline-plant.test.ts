import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlantTruth, plantTruthDataset } from '@/lib/decisions/feasibility/plant-truth';
import { trainFeasibilityModel } from '@/lib/decisions/feasibility/train-feasibility-model';
import { runOfflinePlant, type OfflineProgress } from '@/lib/ignition/simulator/run-offline-plant';

describe('runOfflinePlant', () => {
  it('records five days of orders with both outcomes, and a model trained on four of them beats chance on the fifth', async () => {
    const lines: string[] = [];
    const days: OfflineProgress[] = [];
    // A busier floor than the default, so that five days hold enough late orders to learn from.
    const summary = runOfflinePlant({
      seed: 2,
      days: 5,
      floor: { mtbfHours: 15 },
      orders: { utilization: 0.8 },
      onIncident: (i) => lines.push(JSON.stringify(i)),
      onDay: (p) => days.push(p),
    });

    expect(days.filter((d) => !d.draining).map((d) => d.day)).toEqual([1, 2, 3, 4, 5]);
    // The floor runs on until every recorded order has finished.
    expect(summary.orders.open).toBe(0);
    expect(summary.orders.finished).toBe(summary.orders.released);
    expect(summary.simulatedDays).toBeGreaterThanOrEqual(5);

    const truth = parsePlantTruth(lines.join('\n'));
    expect(truth.errors).toEqual([]);
    expect(truth.examples).toHaveLength(summary.orders.released);
    expect(new Set(truth.examples.map((e) => e.day))).toEqual(new Set([0, 1, 2, 3, 4]));
    const late = truth.examples.filter((e) => e.label === 0).length;
    expect(late).toBeGreaterThan(10);
    expect(late).toBeLessThan(truth.examples.length - 10);

    const dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-plant-truth-'));
    try {
      const { card } = await trainFeasibilityModel({
        outDir: dir,
        seed: 1,
        days: 0,
        dataset: plantTruthDataset(truth),
        params: { nTrees: 40, maxDepth: 3 },
      });
      expect(card.data.source).toBe('plant-truth');
      expect(card.data.heldOut.fromDay).toBe(4);
      const heldOut = card.metrics.heldOut;
      expect(heldOut.kind).toBe('binary');
      if (heldOut.kind === 'binary' || heldOut.kind === undefined) expect(heldOut.auc).toBeGreaterThan(0.7);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives the same truth for the same seed', () => {
    const write = (seed: number) => {
      const lines: string[] = [];
      runOfflinePlant({ seed, days: 1, tickMinutes: 5, onIncident: (i) => lines.push(JSON.stringify(i)) });
      return lines;
    };
    const first = write(8);
    expect(first.length).toBeGreaterThan(20);
    expect(write(8)).toEqual(first);
    expect(write(9)).not.toEqual(first);
  });
});
