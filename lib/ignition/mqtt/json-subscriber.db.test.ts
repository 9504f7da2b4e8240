// Against the real broker (MQTT_URL, default mqtt://127.0.0.1:1883): every run
// uses its own topic prefix and client ids, so parallel runs do not meet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { setupPlant, principalFor } from '@/lib/testing/fixtures';
import { startJsonSubscriber, type JsonSubscriber } from '@/lib/ignition/mqtt/json-subscriber';
import { JsonEventPublisher } from '@/lib/ignition/mqtt/json-publisher';
import { jsonEventsTopic } from '@/lib/ignition/mqtt/json-message';
import { findDeadLetters } from '@/lib/ignition/mqtt/find-dead-letters';
import type { JsonMessageOutcome } from '@/lib/ignition/mqtt/ingest-json-message';

const URL = getEnv().MQTT_URL;
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const PREFIX = `test-${RUN}/`;
const T0 = Date.now() + 60_000;
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
const down = (id: string, m = 1) => ({ id, type: 'machine_state', ts: at(m), site: '1710', work_center: 'WC-ASSY-05', state: 'DOWN', reason: 'spindle fault' });

let n = 0;
let subscriber: JsonSubscriber | null = null;
let publisher: JsonEventPublisher;
let settled: { topic: string; outcome: JsonMessageOutcome }[] = [];

async function startSubscriber(clientId = `${RUN}-${++n}`): Promise<JsonSubscriber> {
  const s = startJsonSubscriber({
    url: URL,
    clientId,
    prefix: PREFIX,
    allowedSites: ['1710'],
    gateway: 'ign-mqtt-test',
    // Short-lived sessions: the test broker should not keep ours for days.
    sessionExpirySeconds: 60,
    onSettled: (topic, outcome) => settled.push({ topic, outcome }),
  });
  await s.ready();
  return s;
}

async function settledCount(count: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (settled.length < count) {
    if (Date.now() > until) throw new Error(`only ${settled.length} of ${count} messages settled`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const topic = (type: string, site = '1710') => jsonEventsTopic(PREFIX, site, type);

describe('MQTT JSON subscriber (real broker)', () => {
  beforeEach(async () => {
    await setupPlant();
    settled = [];
    publisher = new JsonEventPublisher({ url: URL, prefix: PREFIX });
    await publisher.connect();
  });
  afterEach(async () => {
    await subscriber?.stop();
    subscriber = null;
    await publisher.end();
  });

  it('stores a JSON event and updates the plant state', async () => {
    subscriber = await startSubscriber();
    await publisher.publishRaw(topic('machine_state'), JSON.stringify(down('mq:1')));
    await settledCount(1);
    expect(settled[0].outcome).toEqual({ accepted: 1, duplicates: 0, rejected: 0, deadLettered: false });
    const ev = await db.plantEvent.findUniqueOrThrow({ where: { sourceId: 'mq:1' } });
    expect(ev.gateway).toBe('ign-mqtt-test');
    const wc = await db.workCenter.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: 'WC-ASSY-05' } }, include: { state: true } });
    expect(wc.state?.state).toBe('DOWN');
    expect(wc.state?.reason).toBe('spindle fault');
  });

  it('takes arrays, and counts a message delivered twice as duplicates', async () => {
    subscriber = await startSubscriber();
    const scans = [1, 2, 3].map((k) => ({ id: `mq:s${k}`, type: 'inventory_scan', ts: at(k), site: '1710', material: 'VLV-55', location: 'LINESIDE:L1', quantity: 500 - k, uom: 'EA' }));
    await publisher.publishRaw(topic('inventory_scan'), JSON.stringify(scans));
    await publisher.publishRaw(topic('inventory_scan'), JSON.stringify(scans));
    await settledCount(2);
    expect(settled.map((s) => s.outcome)).toEqual([
      { accepted: 3, duplicates: 0, rejected: 0, deadLettered: false },
      { accepted: 0, duplicates: 3, rejected: 0, deadLettered: false },
    ]);
    expect(await db.plantEvent.count({ where: { type: 'inventory_scan' } })).toBe(3);
    const stock = await db.stockLevel.findFirstOrThrow({ where: { location: 'LINESIDE:L1', material: { code: 'VLV-55' } } });
    expect(stock.quantity).toBe(497);
  });

  it('acknowledges only after the commit: a message whose commit was pending when the subscriber died is redelivered, and stored once', async () => {
    const clientId = `${RUN}-crash`;
    subscriber = await startSubscriber(clientId);
    // Hold inserts into PlantEvent so the ingest cannot commit yet.
    const locker = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "PlantEvent" IN EXCLUSIVE MODE');
    await publisher.publishRaw(topic('machine_state'), JSON.stringify(down('mq:pending')));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toEqual([]);
    // The subscriber dies without having acknowledged (no DISCONNECT, no PUBACK).
    const dead = subscriber;
    subscriber = null;
    await new Promise<void>((r) => dead.client.end(true, {}, () => r()));
    await locker.query('COMMIT');
    await locker.end();
    // The same session again: the broker hands the unacknowledged message back.
    subscriber = await startSubscriber(clientId);
    await settledCount(2);
    expect(settled.map((s) => s.outcome.accepted + s.outcome.duplicates)).toEqual([1, 1]);
    expect(await db.plantEvent.count({ where: { sourceId: 'mq:pending' } })).toBe(1);
  });

  it('keeps messages sent while it was away (persistent session)', async () => {
    const clientId = `${RUN}-away`;
    subscriber = await startSubscriber(clientId);
    await subscriber.stop();
    subscriber = null;
    await publisher.publishRaw(topic('machine_state'), JSON.stringify(down('mq:while-away')));
    subscriber = await startSubscriber(clientId);
    await settledCount(1);
    expect(await db.plantEvent.count({ where: { sourceId: 'mq:while-away' } })).toBe(1);
  });

  it('dead-letters malformed messages and keeps going', async () => {
    subscriber = await startSubscriber();
    await publisher.publishRaw(topic('machine_state'), 'this is not json');
    await publisher.publishRaw(topic('machine_state'), Buffer.from([0xc3, 0x28, 0x00]));
    await publisher.publishRaw(topic('machine_state'), JSON.stringify({ ...down('mq:bad'), state: 'BROKEN' }));
    await publisher.publishRaw(topic('machine_state'), JSON.stringify(down('mq:after')));
    await settledCount(4);
    expect(settled.map((s) => s.outcome.deadLettered)).toEqual([true, true, true, false]);
    expect(await db.plantEvent.count({ where: { sourceId: 'mq:after' } })).toBe(1);
    const letters = await db.ingestDeadLetter.findMany({ orderBy: { id: 'asc' } });
    expect(letters.map((l) => [l.source, l.topic, l.siteId])).toEqual([
      ['mqtt-json', topic('machine_state'), '1710'],
      ['mqtt-json', topic('machine_state'), '1710'],
      ['mqtt-json', topic('machine_state'), '1710'],
    ]);
    expect(letters[0]).toMatchObject({ payloadText: 'this is not json', error: 'payload is not valid JSON' });
    expect(letters[1].payloadText).toBeNull();
    expect([...letters[1].payloadBytes!]).toEqual([0xc3, 0x28, 0x00]);
    expect(letters[2].error).toMatch(/state/);
    expect(letters[2].details).toEqual([{ index: 0, id: 'mq:bad', errors: [expect.stringMatching(/^state:/)] }]);
  });

  it('dead-letters events whose site differs from the topic’s, and topics for sites it may not take', async () => {
    subscriber = await startSubscriber();
    await publisher.publishRaw(topic('machine_state'), JSON.stringify([down('mq:ok'), { ...down('mq:other-site'), site: '2000' }]));
    await publisher.publishRaw(topic('machine_state', '9999'), JSON.stringify({ ...down('mq:unknown-site'), site: '9999' }));
    await settledCount(2);
    expect(await db.plantEvent.findMany({ select: { sourceId: true } })).toEqual([{ sourceId: 'mq:ok' }]);
    const letters = await db.ingestDeadLetter.findMany({ orderBy: { id: 'asc' } });
    expect(letters).toHaveLength(2);
    expect(letters[0].details).toEqual([{ index: 1, id: 'mq:other-site', errors: ["site: 2000 does not match the topic's site 1710"] }]);
    expect(letters[1]).toMatchObject({ siteId: null, error: expect.stringMatching(/site 9999/) });
  });

  it('shows dead letters to admins only, newest first', async () => {
    subscriber = await startSubscriber();
    await publisher.publishRaw(topic('oee_snapshot'), '{');
    await publisher.publishRaw(topic('oee_snapshot'), '[]');
    await settledCount(2);
    const admin = await principalFor('ADMIN');
    const page = await findDeadLetters(admin, { page: 1, pageSize: 50 });
    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.payloadText)).toEqual(['[]', '{']);
    expect(page.items[0]).toMatchObject({ source: 'mqtt-json', siteId: '1710', payloadBase64: null });
    await expect(findDeadLetters(await principalFor('SUPERVISOR'), { page: 1, pageSize: 50 })).rejects.toBeInstanceOf(AppError);
    // Letters of a site outside the admin's scope stay hidden.
    await db.ingestDeadLetter.create({ data: { source: 'mqtt-json', topic: 'x', siteId: '2000', payloadText: '{}', error: 'e' } });
    expect((await findDeadLetters(admin, { page: 1, pageSize: 50 })).total).toBe(2);
  });
});
