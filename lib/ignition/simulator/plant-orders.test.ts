import { describe, expect, it } from 'vitest';
import { PlantSimulator, type Incident } from '@/lib/ignition/simulator/plant-simulator';
import { plantEventSchema, type PlantEvent } from '@/lib/ignition/plant-event.schema';
import type { OrderOutcome } from '@/lib/decisions/feasibility/plant-truth';
import { DEMO_OPERATORS, DEMO_WORK_CENTERS } from '@/prisma/demo-plant';

const HOUR_MS = 3_600_000;
const start = new Date('2026-03-02T00:00:00Z');

function run(seed: number, hours: number, floor: Record<string, number> = {}) {
  const incidents: Incident[] = [];
  const sim = new PlantSimulator({ gateway: 'gw', seed, tickMinutes: 1, start, floor, onIncident: (i) => incidents.push(i) });
  const events: PlantEvent[] = [];
  for (let k = 0; k < hours * 60; k++) events.push(...sim.next());
  sim.flushIncidents();
  const outcomes = incidents.filter((i): i is OrderOutcome => i.incident === 'order_outcome');
  return { incidents, events, outcomes, sim };
}

const ms = (iso: string | null | undefined, fallback: number) => (iso ? Date.parse(iso) : fallback);

/** [from, to) intervals of each order's runs on its work center, from its STARTED / PAUSED / COMPLETED events. */
function runIntervals(events: PlantEvent[]): Map<string, [number, number][]> {
  const runs = new Map<string, [number, number][]>();
  const since = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'order_status') continue;
    const t = Date.parse(e.ts);
    if (e.status === 'STARTED') since.set(e.order, t);
    else {
      const from = since.get(e.order);
      expect(from, `${e.order} ${e.status} without STARTED`).toBeDefined();
      runs.set(e.order, [...(runs.get(e.order) ?? []), [from!, t]]);
      since.delete(e.order);
    }
  }
  for (const [order, from] of since) runs.set(order, [...(runs.get(order) ?? []), [from, Infinity]]);
  return runs;
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

describe('orders on the simulated floor', () => {
  // Breakdowns and breaks more often than the defaults, so that the rules are exercised.
  const busy = run(11, 72, { mtbfHours: 8, breakEveryHours: 3, noShowChance: 0.2 });

  it('is the same story for the same seed, and another for another seed', () => {
    const again = run(11, 72, { mtbfHours: 8, breakEveryHours: 3, noShowChance: 0.2 });
    expect(again.incidents).toEqual(busy.incidents);
    expect(again.events.map(({ id: _id, ...e }) => e)).toEqual(busy.events.map(({ id: _id, ...e }) => e));
    const other = run(12, 72, { mtbfHours: 8, breakEveryHours: 3, noShowChance: 0.2 });
    expect(other.outcomes.map((o) => o.finished_at)).not.toEqual(busy.outcomes.map((o) => o.finished_at));
  });

  it('emits valid plant events in time order, with simulated timestamps', () => {
    for (const e of busy.events) expect(plantEventSchema.safeParse(e).success).toBe(true);
    const first = Date.parse(busy.events[0].ts);
    expect(first).toBe(start.getTime());
    expect(Date.parse(busy.events[busy.events.length - 1].ts)).toBeLessThanOrEqual(start.getTime() + 72 * HOUR_MS);
    expect(busy.outcomes.length).toBeGreaterThan(50);
  });

  it('never runs an order while its work center is down or in maintenance', () => {
    const runs = runIntervals(busy.events);
    const end = start.getTime() + 72 * HOUR_MS;
    const stops = busy.incidents.filter((i): i is Extract<Incident, { incident: 'breakdown' | 'maintenance' }> => i.incident === 'breakdown' || i.incident === 'maintenance');
    expect(stops.filter((s) => s.incident === 'breakdown').length).toBeGreaterThan(5);
    const wcOf = new Map(busy.outcomes.map((o) => [o.order, o.work_center]));
    let checked = 0;
    for (const [order, intervals] of runs) {
      const wc = wcOf.get(order);
      if (!wc) continue;
      for (const run of intervals) {
        for (const s of stops.filter((x) => x.work_center === wc)) {
          expect(overlaps(run, [Date.parse(s.start), ms(s.end, end)]), `${order} ran on ${wc} during ${s.incident} from ${s.start}`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('never runs an order while no certified operator is at its work center', () => {
    const runs = runIntervals(busy.events);
    const end = start.getTime() + 72 * HOUR_MS;
    const away = busy.incidents.filter((i): i is Extract<Incident, { incident: 'operator_away' }> => i.incident === 'operator_away');
    const wcOf = new Map(busy.outcomes.map((o) => [o.order, o.work_center]));
    let uncovered = 0;
    for (const wc of DEMO_WORK_CENTERS) {
      const crew = DEMO_OPERATORS.filter((o) => o.workCenter === wc.code && o.skills.includes(wc.skill)).map((o) => o.operator);
      // Minutes at which every certified operator of the work center is away.
      const absent = (t: number) => crew.every((op) => away.some((a) => a.operator === op && Date.parse(a.start) <= t && t < ms(a.end, end)));
      for (const [order, intervals] of runs) {
        if (wcOf.get(order) !== wc.code) continue;
        for (const [from, to] of intervals) {
          for (let t = from; t < Math.min(to, end); t += 60_000) {
            if (absent(t)) uncovered++;
          }
        }
      }
    }
    expect(away.length).toBeGreaterThan(20);
    expect(uncovered).toBe(0);
  });

  it('takes at least quantity ÷ rate of running time per order, and about the reported OEE more', () => {
    const runs = runIntervals(busy.events);
    const ratios: number[] = [];
    for (const o of busy.outcomes.filter((x) => x.finished_at)) {
      const rate = DEMO_WORK_CENTERS.find((w) => w.code === o.work_center)!.ratePerHour;
      const hours = (runs.get(o.order) ?? []).reduce((h, [from, to]) => h + (to - from) / HOUR_MS, 0);
      expect(hours, o.order).toBeGreaterThanOrEqual(o.features.quantity / rate);
      expect(Date.parse(o.finished_at!) - Date.parse(o.released_at)).toBeGreaterThanOrEqual((o.features.quantity / rate) * HOUR_MS);
      ratios.push((hours * rate) / o.features.quantity);
    }
    ratios.sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)];
    // Pace × quality of the work centers lies around 0.75–0.95: runs take 1.05–1.6 × the nominal time.
    expect(median).toBeGreaterThan(1.02);
    expect(median).toBeLessThan(1.6);
  });

  it('records what the floor reported at the release, and the outcome against the due date', () => {
    const downAtRelease = busy.outcomes.filter((o) => o.features.machineState === 'DOWN' || o.features.machineState === 'MAINTENANCE');
    expect(downAtRelease.length).toBeGreaterThan(0);
    for (const o of busy.outcomes) {
      expect(o.features.now).toBe(o.released_at);
      expect(o.features.dueDate).toBe(o.due);
      if (o.finished_at) expect(o.on_time).toBe(Date.parse(o.finished_at) <= Date.parse(o.due));
      // The announced return is what the last DOWN event said, seen from the release.
      if (o.features.machineState === 'RUNNING' || o.features.machineState === 'IDLE') expect(o.features.hoursUntilUp).toBeNull();
    }
    for (const o of downAtRelease) {
      const lastState = busy.events
        .filter((e): e is Extract<PlantEvent, { type: 'machine_state' }> => e.type === 'machine_state' && e.work_center === o.work_center && Date.parse(e.ts) <= Date.parse(o.released_at))
        .at(-1)!;
      expect(lastState.state).toBe(o.features.machineState);
      const announced = lastState.expected_up_at ? Math.max(0, (Date.parse(lastState.expected_up_at) - Date.parse(o.released_at)) / HOUR_MS) : null;
      expect(o.features.hoursUntilUp).toBe(announced);
    }
    expect(new Set(busy.outcomes.map((o) => o.on_time)).size).toBe(2);
  });

  it('leaves the live mode (no tickMinutes) without orders', () => {
    const incidents: Incident[] = [];
    const sim = new PlantSimulator({ gateway: 'gw', seed: 3, onIncident: (i) => incidents.push(i) });
    const events = Array.from({ length: 300 }, (_, k) => sim.next(new Date(start.getTime() + k * 1000))).flat();
    expect(sim.floor).toBeNull();
    expect(events.some((e) => e.type === 'order_status')).toBe(false);
    expect(incidents.some((i) => i.incident === 'order_outcome')).toBe(false);
  });
});
