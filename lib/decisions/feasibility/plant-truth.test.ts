import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toFeatureVector } from '@/lib/decisions/feasibility/features';
import { describeTruthErrors, outcomeFeatures, parsePlantTruth, readPlantTruth, type OrderOutcome } from '@/lib/decisions/feasibility/plant-truth';
import { PlantSimulator, type Incident } from '@/lib/ignition/simulator/plant-simulator';

function simulate(hours: number): Incident[] {
  const incidents: Incident[] = [];
  const sim = new PlantSimulator({ gateway: 'gw', seed: 5, tickMinutes: 2, start: new Date('2026-02-02T00:00:00Z'), onIncident: (i) => incidents.push(i) });
  for (let k = 0; k < (hours * 60) / 2; k++) sim.next();
  sim.flushIncidents();
  return incidents;
}

const incidents = simulate(60);
const outcomes = incidents.filter((i): i is OrderOutcome => i.incident === 'order_outcome');
const text = incidents.map((i) => JSON.stringify(i)).join('\n') + '\n';

describe('parsePlantTruth', () => {
  it('reads back every order outcome the simulator wrote, as training rows', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-truth-'));
    try {
      const file = path.join(dir, 'truth.jsonl');
      await writeFile(file, text);
      const truth = await readPlantTruth(file);
      expect(truth.errors).toEqual([]);
      expect(truth.otherIncidents).toBe(incidents.length - outcomes.length);
      expect(truth.otherIncidents).toBeGreaterThan(0);
      const byRelease = [...outcomes].sort((a, b) => Date.parse(a.released_at) - Date.parse(b.released_at) || a.order.localeCompare(b.order));
      expect(truth.outcomes).toEqual(byRelease);

      const t0 = Date.parse(byRelease[0].released_at);
      truth.examples.forEach((e, i) => {
        const o = byRelease[i];
        expect(e.id).toBe(o.order);
        expect(e.at.toISOString()).toBe(o.released_at);
        expect(e.label).toBe(o.on_time ? 1 : 0);
        expect(e.day).toBe(Math.floor((Date.parse(o.released_at) - t0) / 86_400_000));
        expect(e.vector).toEqual(toFeatureVector(outcomeFeatures(o)));
      });
      expect(new Set(truth.examples.map((e) => e.day))).toEqual(new Set([0, 1, 2]));
      expect(new Set(truth.examples.map((e) => e.label))).toEqual(new Set([0, 1]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the dates of the features: the vector is the one built at release', () => {
    const o = outcomes[0];
    const input = outcomeFeatures(o);
    expect(input.now).toEqual(new Date(o.released_at));
    expect(input.dueDate).toEqual(new Date(o.due));
    expect(toFeatureVector(input)[2]).toBeCloseTo((Date.parse(o.due) - Date.parse(o.released_at)) / 3_600_000, 9);
  });

  it('reports each bad line with its number and keeps the good ones', () => {
    const [a, b, c] = outcomes;
    const lines = [
      JSON.stringify(a), // 1
      '{"incident": "order_outcome", "order": ', // 2: cut off
      JSON.stringify({ ...b, on_time: !b.on_time }), // 3: disagrees with finished_at and due
      '', // 4: blank, ignored
      JSON.stringify({ ...c, features: { ...c.features, queueHours: -1 } }), // 5
      JSON.stringify({ breakdown: true }), // 6: not an incident
      JSON.stringify(a), // 7: the same order again
      JSON.stringify({ incident: 'stockout', material: 'VLV-55' }), // 8: another incident, passed over
      JSON.stringify({ ...c, features: { ...c.features, now: b.released_at } }), // 9: features of another moment
      JSON.stringify({ ...c, finished_at: null, on_time: true }), // 10: unfinished but on time
    ];
    const truth = parsePlantTruth(lines.join('\n'));
    expect(truth.errors.map((e) => e.line)).toEqual([2, 3, 5, 6, 7, 9, 10]);
    expect(truth.errors[0].message).toMatch(/not JSON/);
    expect(truth.errors[1].message).toMatch(/on_time: disagrees/);
    expect(truth.errors[2].message).toMatch(/features\.queueHours/);
    expect(truth.errors[3].message).toMatch(/no "incident" field/);
    expect(truth.errors[4].message).toMatch(/already on line 1/);
    expect(truth.errors[5].message).toMatch(/features\.now/);
    expect(truth.errors[6].message).toMatch(/cannot be on time/);
    expect(truth.outcomes.map((o) => o.order)).toEqual([a.order]);
    expect(truth.otherIncidents).toBe(1);
    expect(describeTruthErrors('t.jsonl', truth.errors, 2)).toBe(
      ['t.jsonl has 7 bad line(s):', `  t.jsonl:2: ${truth.errors[0].message}`, `  t.jsonl:3: ${truth.errors[1].message}`, '  … and 5 more'].join('\n'),
    );
  });

  it('accepts an unfinished order past its due date as late', () => {
    const o = outcomes.find((x) => !x.on_time)!;
    const truth = parsePlantTruth(JSON.stringify({ ...o, finished_at: null, on_time: false }));
    expect(truth.errors).toEqual([]);
    expect(truth.examples[0].label).toBe(0);
  });
});
