// Against the real broker (MQTT_URL) and the PostgreSQL server on 127.0.0.1:5432
// (the "Ignition audit database"). Every run has its own topic prefix and table.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import pg from 'pg';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { decideRecommendation } from '@/lib/recommendations/decide-recommendation';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';
import { createOrder, principalFor, setupPlant, TEST_PASSWORD } from '@/lib/testing/fixtures';
import { startWriteBack } from '@/lib/ignition/write-back/start-write-back';
import { getCursor } from '@/lib/ignition/write-back/cursor-store';
import type { WriteBackStatus } from '@/lib/ignition/write-back/write-back-message';

const BROKER = getEnv().MQTT_URL;
const RUN = `${process.pid}-${Date.now().toString(36)}`;
let n = 0;
let prefix = '';
const stops: (() => Promise<void>)[] = [];

async function pendingRecommendation(erpOrderId: string) {
  const order = await createOrder(erpOrderId);
  const scored = await scoreOrderRelease({
    siteId: '1710', orderId: order.erpOrderId, material: 'VALVE-ASSY-55', quantity: order.quantity, dueDate: order.dueDate,
    workCenter: 'WC-ASSY-05', requiredSkill: 'TORQUE_CERT', source: 'ERP_SYNC', actor: { actorType: 'SYSTEM', actorName: 'test' },
  });
  return db.recommendation.findUniqueOrThrow({ where: { id: scored.recommendationId! } });
}

async function approve(id: string) {
  const rec = await db.recommendation.findUniqueOrThrow({ where: { id } });
  await decideRecommendation({ principal: await principalFor('SUPERVISOR'), recommendationId: id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD });
}

/** Subscribes after the fact: only retained messages arrive. */
async function retained(topicFilter: string, waitMs = 400): Promise<Map<string, WriteBackStatus>> {
  const c = await mqtt.connectAsync(BROKER, { clientId: `${RUN}-sub-${++n}`, clean: true });
  const got = new Map<string, WriteBackStatus>();
  c.on('message', (topic, payload, packet) => {
    if (packet.retain) got.set(topic, JSON.parse(payload.toString()) as WriteBackStatus);
  });
  await c.subscribeAsync(topicFilter, { qos: 1 });
  await new Promise((r) => setTimeout(r, waitMs));
  await c.endAsync();
  return got;
}

/** Counts every message (retained or live) on a filter while it runs. */
async function counter(topicFilter: string) {
  const c = await mqtt.connectAsync(BROKER, { clientId: `${RUN}-cnt-${++n}`, clean: true });
  const seen: { topic: string; at: number; body: WriteBackStatus }[] = [];
  c.on('message', (topic, payload) => seen.push({ topic, at: Date.now(), body: JSON.parse(payload.toString()) as WriteBackStatus }));
  await c.subscribeAsync(topicFilter, { qos: 1 });
  stops.push(() => c.endAsync());
  return seen;
}

function start(over: Partial<Parameters<typeof startWriteBack>[0]> = {}) {
  const wb = startWriteBack({ mqttUrl: BROKER, topicPrefix: prefix, intervalMs: 100, clientId: `${RUN}-wb-${++n}`, reconnect: { baseMs: 100, capMs: 300 }, ackTimeoutMs: 1000, ...over });
  stops.push(wb.stop);
  return wb;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Ignition write-back (real broker)', () => {
  beforeEach(async () => {
    await setupPlant();
    prefix = `test-wb-${RUN}-${++n}`;
  });
  afterEach(async () => {
    for (const s of stops.splice(0).reverse()) await s();
  });

  it('publishes a decision as retained messages per recommendation and per order', async () => {
    const rec = await pendingRecommendation('1000001');
    await approve(rec.id);
    const wb = start();
    await wb.runOnce();
    const got = await retained(`${prefix}/#`);
    const byRec = got.get(`${prefix}/1710/recommendations/${rec.id}`);
    const byOrder = got.get(`${prefix}/1710/orders/1000001`);
    expect(byRec).toMatchObject({ id: rec.id, site: '1710', erpOrderId: '1000001', status: 'APPROVED', verdict: rec.verdict, recommendedAction: rec.recommendedAction, confidence: rec.confidence });
    expect(byRec?.decision).toMatchObject({ outcome: 'APPROVE', meaning: 'Approve: release order 1000001 to SAP' });
    expect(byRec?.posting).toEqual({ state: 'QUEUED', document: null, message: null });
    expect(byOrder).toEqual(byRec);
  });

  it('sends each change once, also across a restart, and a posting change again', async () => {
    const a = await pendingRecommendation('1000001');
    const b = await pendingRecommendation('1000002');
    const seen = await counter(`${prefix}/+/recommendations/#`);
    const first = start();
    await first.runOnce();
    await until('two messages', () => seen.length === 2);
    await first.runOnce();
    await first.stop();
    const second = start();
    await second.runOnce();
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.map((s) => s.body.id).sort()).toEqual([a.id, b.id].sort());
    expect((await getCursor('mqtt:recommendations')).lastKey).not.toBe('');

    await approve(a.id);
    await second.runOnce();
    await db.erpPosting.updateMany({ where: { recommendationId: a.id }, data: { state: 'POSTED', erpDocument: '4711' } });
    await second.runOnce();
    await until('two more', () => seen.length === 4);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.slice(2).map((s) => [s.body.id, s.body.status, s.body.posting?.state])).toEqual([
      [a.id, 'APPROVED', 'QUEUED'],
      [a.id, 'APPROVED', 'POSTED'],
    ]);
  });

  it('holds changes through a broker outage and sends them after it', async () => {
    // A TCP relay in front of the broker stands in for the outage.
    const sockets = new Set<net.Socket>();
    const brokerPort = Number(new URL(BROKER).port || 1883);
    const relay = net.createServer((inbound) => {
      const out = net.connect(brokerPort, '127.0.0.1');
      sockets.add(inbound).add(out);
      inbound.pipe(out).pipe(inbound);
      const close = () => { inbound.destroy(); out.destroy(); };
      inbound.on('error', close).on('close', close);
      out.on('error', close).on('close', close);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
    const port = (relay.address() as net.AddressInfo).port;
    stops.push(() => new Promise<void>((r) => { sockets.forEach((s) => s.destroy()); relay.close(() => r()); }));
    const wb = start({ mqttUrl: `mqtt://127.0.0.1:${port}` });
    const rec = await pendingRecommendation('1000001');
    await until('first publish', async () => (await getCursor('mqtt:recommendations')).lastKey === rec.id);

    await new Promise<void>((r) => { relay.close(() => r()); sockets.forEach((s) => s.destroy()); });
    await approve(rec.id);
    await new Promise((r) => setTimeout(r, 800));
    await wb.runOnce();
    const during = await retained(`${prefix}/1710/recommendations/${rec.id}`);
    expect([...during.values()][0]?.status).toBe('PENDING');

    await new Promise<void>((r) => relay.listen(port, '127.0.0.1', () => r()));
    await until('approved after the outage', async () => [...(await retained(`${prefix}/1710/recommendations/${rec.id}`, 150)).values()][0]?.status === 'APPROVED');
  });

  it('measures decision → retained message latency', async () => {
    const seen = await counter(`${prefix}/+/recommendations/#`);
    start();
    const lat: number[] = [];
    for (let i = 0; i < 7; i++) {
      const rec = await pendingRecommendation(`20000${i}`);
      await until('pending', () => seen.some((s) => s.body.id === rec.id));
      const t0 = Date.now();
      await approve(rec.id);
      const m = await until('approved', () => seen.find((s) => s.body.id === rec.id && s.body.status === 'APPROVED'));
      lat.push(m.at - t0);
    }
    lat.sort((x, y) => x - y);
    console.log(`write-back latency decision→message at 100 ms interval: median ${lat[3]} ms (min ${lat[0]}, max ${lat[6]})`);
    expect(lat).toHaveLength(7);
  });
});

describe('Ignition audit mirror (PostgreSQL 127.0.0.1:5432)', () => {
  const pool = new pg.Pool({ connectionString: 'postgresql://postgres@127.0.0.1:5432/test', max: 2 });
  let table = '';
  beforeEach(async () => {
    await setupPlant();
    table = `wb_audit_${RUN.replace(/-/g, '_')}_${++n}`;
  });
  afterEach(async () => {
    for (const s of stops.splice(0).reverse()) await s();
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
  });

  it('copies every audit event once, in order, also when run again or restarted', async () => {
    const rec = await pendingRecommendation('1000001');
    await approve(rec.id);
    const audit = { databaseUrl: 'postgresql://postgres@127.0.0.1:5432/test', table, createTable: true };
    const first = start({ audit });
    await first.runOnce();
    await first.runOnce();
    await first.stop();
    await pendingRecommendation('1000002');
    const second = start({ audit });
    await second.runOnce();
    const events = await db.auditEvent.findMany({ orderBy: { seq: 'asc' } });
    const { rows } = await pool.query<{ audit_events_id: string; actor: string; action: string; action_target: string; event_timestamp: Date; originating_system: string }>(`SELECT * FROM ${table} ORDER BY AUDIT_EVENTS_ID`);
    expect(events.length).toBeGreaterThan(3);
    expect(rows.map((r) => [Number(r.audit_events_id), r.action, r.actor, r.action_target])).toEqual(events.map((e) => [Number(e.seq), e.action, e.actorName, `${e.entityType}/${e.entityId}`]));
    expect(rows[0].originating_system).toBe('interlock/1710');
  });
});
