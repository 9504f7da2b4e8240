import { describe, expect, it } from 'vitest';
import { PlantSimulator, type Incident } from '@/lib/ignition/simulator/plant-simulator';
import { plantEventSchema } from '@/lib/ignition/plant-event.schema';

describe('PlantSimulator ground truth', () => {
  it('records each breakdown with its start and end, matching the DOWN and RUNNING events', () => {
    const incidents: Incident[] = [];
    const sim = new PlantSimulator({ gateway: 'gw', seed: 42, breakdownRate: 0.05, onIncident: (i) => incidents.push(i) });
    const t0 = Date.parse('2026-11-25T08:00:00Z');
    const events = Array.from({ length: 400 }, (_, k) => sim.next(new Date(t0 + k * 1000))).flat();
    sim.flushIncidents();
    for (const e of events) expect(plantEventSchema.safeParse(e).success).toBe(true);

    const breakdowns = incidents.filter((i): i is Extract<Incident, { incident: 'breakdown' }> => i.incident === 'breakdown');
    const downs = events.filter((e) => e.type === 'machine_state' && e.state === 'DOWN');
    expect(breakdowns.length).toBe(downs.length);
    expect(breakdowns.length).toBeGreaterThan(0);
    for (const b of breakdowns.filter((x) => x.end)) {
      const up = events.find((e) => e.type === 'machine_state' && e.work_center === b.work_center && e.state === 'RUNNING' && e.ts === b.end);
      expect(up).toBeDefined();
      expect(Date.parse(b.end!)).toBeGreaterThan(Date.parse(b.start));
    }
    expect(incidents.some((i) => i.incident === 'replenishment')).toBe(true);
  });
});
