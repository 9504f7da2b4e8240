// The set-based apply must give the same plant state as applying the same
// events one at a time, and concurrent batches must neither deadlock nor let
// an older event win.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { ingestPlantEvents } from '@/lib/ignition/ingest-plant-events';
import { createRandom } from '@/lib/ml/random';
import { setupPlant } from '@/lib/testing/fixtures';

const SRC = { gateway: 'ign-gw-01', allowedSites: ['1710'] };
const T0 = Date.now() + 60_000;
const WCS = ['WC-ASSY-05', 'WC-TEST-01', 'WC-PUMP-02'];
const STATES = ['RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE'];
const BINS = [
  { material: 'VLV-55', location: 'LINESIDE:L1' },
  { material: 'BOLT-M8', location: 'LINESIDE:L2' },
  { material: 'VLV-55', location: '171A' },
];

/** A shuffled story: event times are not in arrival order, some repeat, some are older than the seed's state. */
function story(seed: number, n: number): Record<string, unknown>[] {
  const r = createRandom(seed).next;
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const ts = new Date(T0 + Math.floor(r() * 40) * 1000 - (r() < 0.1 ? 3_600_000 * 24 : 0)).toISOString();
    const base = { id: `s${seed}:${i}`, ts, site: '1710' };
    const kind = r();
    if (kind < 0.35) return { ...base, type: 'machine_state', work_center: pick(WCS), state: pick(STATES), reason: r() < 0.5 ? `r${i}` : null, expected_up_at: r() < 0.3 ? ts : null };
    if (kind < 0.55) return { ...base, type: 'oee_snapshot', work_center: pick(WCS), availability: r(), performance: r(), quality: r() };
    if (kind < 0.85) return { ...base, type: 'inventory_scan', ...pick(BINS), quantity: Math.floor(r() * 1000), uom: 'EA' };
    return { ...base, type: 'operator_shift', operator: pick(['op-ana', 'op-ben', 'op-new']), work_center: pick(WCS), action: pick(['CLOCK_IN', 'CLOCK_OUT', 'ROSTERED']), skills: ['TORQUE_CERT'] };
  });
}

async function plantState() {
  const [wcs, stock, shifts] = await Promise.all([
    db.workCenterState.findMany({ include: { workCenter: true }, orderBy: { workCenter: { code: 'asc' } } }),
    db.stockLevel.findMany({ include: { material: true }, orderBy: [{ location: 'asc' }, { material: { code: 'asc' } }] }),
    db.operatorShift.findMany({ include: { workCenter: true }, orderBy: { operator: 'asc' } }),
  ]);
  // Rows the story never changed carry the seed's own now(), which differs between the two runs: compare the story's part.
  const byStory = (t: Date | null) => !!t && t.getTime() >= T0;
  return {
    state: wcs.filter((s) => byStory(s.stateTs)).map((s) => ({ wc: s.workCenter.code, state: s.state, reason: s.reason, expectedUpAt: s.expectedUpAt, stateSince: s.stateSince, stateTs: s.stateTs })),
    oee: wcs.filter((s) => byStory(s.oeeTs)).map((s) => ({ wc: s.workCenter.code, availability: s.availability, performance: s.performance, quality: s.quality, oeeTs: s.oeeTs })),
    stock: stock.filter((s) => byStory(s.eventTs)).map((s) => ({ material: s.material.code, location: s.location, quantity: s.quantity, eventTs: s.eventTs })),
    shifts: shifts.filter((s) => byStory(s.eventTs)).map((s) => ({ operator: s.operator, wc: s.workCenter.code, status: s.status, fromTs: s.fromTs, eventTs: s.eventTs })),
  };
}

describe('applying a batch of plant events', () => {
  beforeEach(setupPlant);

  for (const seed of [1, 2, 3]) {
    it(`gives the same state as one event at a time in event-time order (story ${seed})`, async () => {
      const events = story(seed, 120);
      // The batch applies in event-time order (as the one-at-a-time code did within a batch).
      const inTimeOrder = [...events].sort((a, b) => Date.parse(a.ts as string) - Date.parse(b.ts as string));
      for (const e of inTimeOrder) await ingestPlantEvents(SRC, [e]);
      const oneByOne = await plantState();
      expect(oneByOne.state.length * oneByOne.oee.length * oneByOne.stock.length * oneByOne.shifts.length).toBeGreaterThan(0);
      await setupPlant();
      const r = await ingestPlantEvents(SRC, events);
      expect(r.rejected).toEqual([]);
      expect(await plantState()).toEqual(oneByOne);
    });
  }

  it('creates missing state rows for new work centers, also from concurrent batches', async () => {
    const line = await db.line.findFirstOrThrow({ where: { siteId: '1710', code: 'L1' } });
    const codes = ['WC-NEW-1', 'WC-NEW-2', 'WC-NEW-3', 'WC-NEW-4'];
    await db.workCenter.createMany({ data: codes.map((code) => ({ siteId: '1710', lineId: line.id, code, name: code, ratePerHour: 10 })) });
    const batches = Array.from({ length: 6 }, (_, b) =>
      codes.map((_, i) => ({ id: `n${b}:${i}`, type: i % 2 ? 'oee_snapshot' : 'machine_state', ts: new Date(T0 + b * 1000 + i).toISOString(), site: '1710', work_center: codes[(i + b) % codes.length], state: 'DOWN', availability: 0.5, performance: 0.5, quality: 0.5 })),
    );
    const results = await Promise.all(batches.map((events) => ingestPlantEvents(SRC, events)));
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(24);
    const rows = await db.workCenterState.findMany({ where: { workCenter: { code: { in: codes } } } });
    expect(rows).toHaveLength(4);
    for (const r of rows.filter((x) => x.stateTs)) {
      expect(r.state).toBe('DOWN');
      expect(r.stateSince.getTime()).toBeGreaterThanOrEqual(T0);
    }
  });

  it('lets concurrent batches over the same rows finish (no deadlock) with the newest event winning', async () => {
    const batches = Array.from({ length: 8 }, (_, b) =>
      // Each batch touches the work centers and bins in a different order.
      Array.from({ length: 30 }, (_, i) => {
        const k = (i * (b + 1)) % 3;
        const ts = new Date(T0 + (b * 30 + i) * 1000).toISOString();
        return i % 2
          ? { id: `c${b}:${i}`, type: 'machine_state', ts, site: '1710', work_center: WCS[k], state: STATES[(b + i) % 4] }
          : { id: `c${b}:${i}`, type: 'inventory_scan', ts, site: '1710', ...BINS[k], quantity: b * 100 + i, uom: 'EA' };
      }),
    );
    const results = await Promise.all(batches.map((events) => ingestPlantEvents(SRC, events)));
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(240);
    const all = batches.flat();
    const newest = (match: (e: (typeof all)[number]) => boolean) => all.filter(match).sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts))[0];
    for (const wc of WCS) {
      const s = await db.workCenterState.findFirstOrThrow({ where: { workCenter: { code: wc } } });
      expect(s.state).toBe((newest((e) => e.type === 'machine_state' && 'work_center' in e && e.work_center === wc) as { state: string }).state);
    }
    for (const bin of BINS) {
      const s = await db.stockLevel.findFirstOrThrow({ where: { location: bin.location, material: { code: bin.material } } });
      expect(s.quantity).toBe((newest((e) => e.type === 'inventory_scan' && 'location' in e && e.location === bin.location && e.material === bin.material) as { quantity: number }).quantity);
    }
  });
});
