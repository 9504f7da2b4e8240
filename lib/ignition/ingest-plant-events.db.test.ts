import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { ingestPlantEvents } from '@/lib/ignition/ingest-plant-events';
import { setupPlant } from '@/lib/testing/fixtures';

const SRC = { gateway: 'ign-gw-01', allowedSites: ['1710'] };
// Event times after the seed's own state, so they are newer than it.
const T0 = Date.now() + 60_000;
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();

async function wcState(code: string) {
  const wc = await db.workCenter.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code } }, include: { state: true } });
  return wc.state!;
}

describe('ingestPlantEvents', () => {
  beforeEach(setupPlant);

  it('stores new events, counts duplicates (in the batch and across batches) and never applies them twice', async () => {
    const scan = { id: 'gw:1', type: 'inventory_scan', ts: at(1), site: '1710', material: 'VLV-55', location: 'LINESIDE:L1', quantity: 480, uom: 'EA' };
    const r1 = await ingestPlantEvents(SRC, [scan, scan]);
    expect(r1).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    const r2 = await ingestPlantEvents(SRC, [{ ...scan, quantity: 1 }]);
    expect(r2).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await db.plantEvent.count()).toBe(1);
    const stock = await db.stockLevel.findFirstOrThrow({ where: { location: 'LINESIDE:L1', material: { code: 'VLV-55' } } });
    expect(stock.quantity).toBe(480);
  });

  it('rejects bad events with their index and errors, and accepts the rest', async () => {
    const r = await ingestPlantEvents(SRC, [
      { id: 'gw:ok', type: 'machine_state', ts: at(1), site: '1710', work_center: 'WC-ASSY-05', state: 'IDLE' },
      { id: 'gw:bad', type: 'machine_state', ts: 'yesterday', site: '1710', work_center: 'WC-ASSY-05', state: 'BROKEN' },
      { id: 'gw:other-site', type: 'machine_state', ts: at(1), site: '2000', work_center: 'X', state: 'DOWN' },
      { type: 'nonsense' },
    ]);
    expect(r.accepted).toBe(1);
    expect(r.rejected.map((x) => x.index)).toEqual([1, 2, 3]);
    expect(r.rejected[0].id).toBe('gw:bad');
    expect(r.rejected[0].errors.join(' ')).toMatch(/ts/);
    expect(r.rejected[0].errors.join(' ')).toMatch(/state/);
    expect(r.rejected[1].errors[0]).toMatch(/2000/);
    expect(await db.plantEvent.count()).toBe(1);
  });

  it('applies machine states in event-time order: a late event does not overwrite newer state', async () => {
    await ingestPlantEvents(SRC, [{ id: 'gw:down', type: 'machine_state', ts: at(10), site: '1710', work_center: 'WC-ASSY-05', state: 'DOWN', reason: 'spindle fault', expected_up_at: at(240) }]);
    await ingestPlantEvents(SRC, [{ id: 'gw:late', type: 'machine_state', ts: at(5), site: '1710', work_center: 'WC-ASSY-05', state: 'RUNNING' }]);
    const s = await wcState('WC-ASSY-05');
    expect(s.state).toBe('DOWN');
    expect(s.reason).toBe('spindle fault');
    expect(s.expectedUpAt?.toISOString()).toBe(at(240));
    expect(await db.plantEvent.count()).toBe(2);
  });

  it('tracks operators clocking in and out', async () => {
    await ingestPlantEvents(SRC, [
      { id: 'gw:o1', type: 'operator_shift', ts: at(1), site: '1710', operator: 'op-ana', work_center: 'WC-ASSY-05', action: 'CLOCK_OUT', skills: ['TORQUE_CERT'] },
      { id: 'gw:o2', type: 'operator_shift', ts: at(2), site: '1710', operator: 'op-new', work_center: 'WC-ASSY-05', action: 'ROSTERED', skills: ['TORQUE_CERT'], from: at(120) },
    ]);
    const shifts = await db.operatorShift.findMany({ where: { operator: { in: ['op-ana', 'op-new'] } }, orderBy: { operator: 'asc' } });
    expect(shifts.map((s) => [s.operator, s.status])).toEqual([
      ['op-ana', 'OFF'],
      ['op-new', 'ROSTERED'],
    ]);
    expect(shifts[1].fromTs?.toISOString()).toBe(at(120));
  });

  it('stores an event once when two batches race with the same id', async () => {
    const e = { id: 'gw:race', type: 'oee_snapshot', ts: at(1), site: '1710', work_center: 'WC-ASSY-05', availability: 0.9, performance: 0.9, quality: 0.99 };
    const results = await Promise.all([ingestPlantEvents(SRC, [e]), ingestPlantEvents(SRC, [e]), ingestPlantEvents(SRC, [e])]);
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(2);
    expect(await db.plantEvent.count()).toBe(1);
  });

  it('queues one debounced re-check per touched work center', async () => {
    await ingestPlantEvents(SRC, [
      { id: 'gw:a', type: 'machine_state', ts: at(1), site: '1710', work_center: 'WC-ASSY-05', state: 'DOWN' },
      { id: 'gw:b', type: 'oee_snapshot', ts: at(2), site: '1710', work_center: 'WC-ASSY-05', availability: 0.5, performance: 0.9, quality: 0.99 },
    ]);
    await ingestPlantEvents(SRC, [{ id: 'gw:c', type: 'machine_state', ts: at(3), site: '1710', work_center: 'WC-ASSY-05', state: 'RUNNING' }]);
    const jobs = await db.$queryRaw<{ key: string }[]>`SELECT key FROM graphile_worker._private_jobs`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0].key).toMatch(/^rescore:/);
  });
});
