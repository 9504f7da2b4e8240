// The Sparkplug B host against the real broker, with the simulator's edge node.
// Each run uses its own group and host id, each test its own edge node id.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { setupPlant } from '@/lib/testing/fixtures';
import defaultMapping from '@/lib/ignition/sparkplug/default-mapping.json';
import { compileMapping } from '@/lib/ignition/sparkplug/mapping';
import { startSparkplugHost, type SparkplugHost } from '@/lib/ignition/sparkplug/host-application';
import { SparkplugEdgeNode } from '@/lib/ignition/sparkplug/edge-node';
import { demoPlantDevices, oeeTag, qtyTag, reasonTag, stateTag } from '@/lib/ignition/sparkplug/simulator-tags';
import { DataType, decodeSparkplugPayload, encodeSparkplugPayload, interpretValue } from '@/lib/ignition/sparkplug/codec';
import { findStaleWorkCenters } from '@/lib/ignition/sparkplug/find-stale-work-centers';
import { nodeTopic, stateTopic } from '@/lib/ignition/sparkplug/topic';

const URL = getEnv().MQTT_URL;
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const GROUP = `TestPlant-${RUN}`;
const HOST = `test-host-${RUN}`;
const REORDER_MS = 300;
const mapping = compileMapping({ ...defaultMapping, groups: { [GROUP]: { site: '1710' } } });

let k = 0;
let hosts: SparkplugHost[] = [];
let edges: SparkplugEdgeNode[] = [];

async function eventually<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

async function startHost(hostId = HOST): Promise<SparkplugHost> {
  const h = startSparkplugHost({ url: URL, hostId, mapping, reorderTimeoutMs: REORDER_MS });
  hosts.push(h);
  await h.ready();
  return h;
}

async function startEdge(node = `gw-${++k}`, bdSeq = 0): Promise<SparkplugEdgeNode> {
  const e = new SparkplugEdgeNode({ url: URL, group: GROUP, node, devices: demoPlantDevices(), bdSeq });
  edges.push(e);
  await e.connect();
  return e;
}

const wcState = async (code: string) => (await db.workCenter.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code } }, include: { state: true } })).state;
const statusOf = (node: string) => db.plantSourceStatus.findMany({ where: { groupId: GROUP, edgeNode: node }, orderBy: { device: 'asc' } });

describe('Sparkplug B host application (real broker)', () => {
  beforeEach(setupPlant);
  afterAll(async () => {
    // Leave no retained STATE messages of ours on the shared broker.
    const c = await mqtt.connectAsync(URL, { clientId: `clean-${RUN}` });
    for (const id of [HOST, `${HOST}-b`, `${HOST}-state`]) await c.publishAsync(stateTopic(id), '', { qos: 1, retain: true });
    await c.endAsync();
  });
  afterEach(async () => {
    for (const e of edges) await e.stop();
    for (const h of hosts) await h.stop();
    edges = [];
    hosts = [];
  });

  it('learns aliases from the births, and records the node and devices online with the work centers they feed', async () => {
    const host = await startHost();
    const edge = await startEdge();
    const node = await eventually(
      () => host.session.describeNode(GROUP, 'gw-' + k),
      (d) => !!d?.devices.Line1?.born && !!d.devices.Line2?.born,
    );
    expect(Object.keys(node!.devices.Line1.aliases)).toHaveLength(16);
    expect(Object.values(node!.devices.Line1.aliases)).toContain(stateTag('L1', 'WC-ASSY-05'));
    await host.idle();
    expect((await statusOf('gw-' + k)).map((s) => [s.device, s.online, s.bdSeq, s.workCenterCodes])).toEqual([
      ['', true, 0, []],
      ['Line1', true, 0, ['WC-ASSY-05', 'WC-TEST-01']],
      ['Line2', true, 0, ['WC-PUMP-02', 'WC-PACK-01']],
    ]);
    expect(edge.currentBdSeq).toBe(0);
  });

  it('decodes data by alias and turns the tags into the right plant events and state', async () => {
    const host = await startHost();
    const edge = await startEdge();
    await eventually(() => host.session.describeNode(GROUP, 'gw-' + k), (d) => !!d?.devices.Line2?.born);
    const ts = Date.now() + 60_000;
    edge.update('Line1', [
      { name: reasonTag('L1', 'WC-ASSY-05'), value: 'spindle fault', timestamp: ts },
      { name: stateTag('L1', 'WC-ASSY-05'), value: 'DOWN', timestamp: ts },
      { name: oeeTag('L1', 'WC-TEST-01', 'Availability'), value: 0.5, timestamp: ts },
      { name: qtyTag('L1', 'VLV-55'), value: 123, timestamp: ts },
    ]);
    const s = await eventually(() => wcState('WC-ASSY-05'), (x) => x?.state === 'DOWN');
    expect(s?.reason).toBe('spindle fault');
    await host.idle();
    const events = await db.plantEvent.findMany({ where: { gateway: `spb:${GROUP}/gw-${k}`, ts: new Date(ts) }, orderBy: { type: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['inventory_scan', 'machine_state', 'oee_snapshot']);
    expect(events.find((e) => e.type === 'oee_snapshot')!.payload).toMatchObject({ work_center: 'WC-TEST-01', availability: expect.closeTo(0.5, 5), line: 'L1' });
    expect(events.find((e) => e.type === 'inventory_scan')!.payload).toMatchObject({ material: 'VLV-55', location: 'LINESIDE:L1', quantity: 123 });
    const stock = await db.stockLevel.findFirstOrThrow({ where: { location: 'LINESIDE:L1', material: { code: 'VLV-55' } } });
    expect(stock.quantity).toBe(123);
  });

  it('on a seq gap waits the reorder timeout, then publishes a Rebirth NCMD, which the edge node answers', async () => {
    const host = await startHost();
    const edge = await startEdge();
    const node = 'gw-' + k;
    await eventually(() => host.session.describeNode(GROUP, node), (d) => !!d?.devices.Line2?.born);
    const watcher = await mqtt.connectAsync(URL, { clientId: `watch-${RUN}-${k}` });
    const commands: { at: number; rebirth: unknown }[] = [];
    watcher.on('message', (_t, msg) => {
      const m = decodeSparkplugPayload(msg).metrics.find((x) => x.name === 'Node Control/Rebirth');
      commands.push({ at: Date.now(), rebirth: m ? interpretValue(m.datatype ?? DataType.Boolean, m.field, m.raw) : undefined });
    });
    await watcher.subscribeAsync(nodeTopic(GROUP, 'NCMD', node));
    edge.skipSeq(1);
    const sentAt = Date.now();
    edge.update('Line1', [{ name: qtyTag('L1', 'VLV-55'), value: 321 }]);
    await eventually(() => commands.length, (n) => n > 0);
    await watcher.endAsync();
    expect(commands[0].rebirth).toBe(true);
    expect(commands[0].at - sentAt).toBeGreaterThanOrEqual(REORDER_MS - 20);
    await eventually(() => edge.rebirths, (n) => n === 1);
    // The data after the gap was used, and the rebirth starts a clean sequence.
    await eventually(() => db.stockLevel.findFirst({ where: { location: 'LINESIDE:L1', material: { code: 'VLV-55' } } }), (x) => x?.quantity === 321);
    await eventually(() => host.session.describeNode(GROUP, node)?.nextSeq, (s) => s === 3);
  });

  it('ignores an NDEATH whose bdSeq is not the current one, and marks everything stale on the current one', async () => {
    const host = await startHost();
    const edge = await startEdge(undefined, 4);
    const node = 'gw-' + k;
    await eventually(() => host.session.describeNode(GROUP, node), (d) => !!d?.devices.Line2?.born);
    // An old connection's Will arriving late.
    const raw = await mqtt.connectAsync(URL, { clientId: `raw-${RUN}-${k}` });
    await raw.publishAsync(nodeTopic(GROUP, 'NDEATH', node), Buffer.from(encodeSparkplugPayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', timestamp: Date.now(), datatype: DataType.Int64, value: 3 }] })), { qos: 1 });
    await raw.endAsync();
    await new Promise((r) => setTimeout(r, 200));
    await host.idle();
    expect((await statusOf(node)).every((s) => s.online)).toBe(true);
    expect(await findStaleWorkCenters('1710')).toEqual([]);
    // The real death: the connection drops and the broker publishes the Will (bdSeq 4).
    await edge.crash();
    const rows = await eventually(() => statusOf(node), (r) => r.length === 3 && r.every((s) => !s.online));
    expect(rows.every((r) => r.staleSince !== null && r.bdSeq === 4)).toBe(true);
    const stale = await findStaleWorkCenters('1710');
    expect(stale.map((s) => s.workCenter).sort()).toEqual(['WC-ASSY-05', 'WC-PACK-01', 'WC-PUMP-02', 'WC-TEST-01']);
    expect(stale[0].source).toMatch(new RegExp(`^${GROUP}/${node}/Line[12]$`));
    // Back with the next bdSeq: births make the data live again.
    await startEdge(node, 5);
    await eventually(() => findStaleWorkCenters('1710'), (s) => s.length === 0);
  });

  it('marks only the device stale on DDEATH', async () => {
    const host = await startHost();
    const edge = await startEdge();
    await eventually(() => host.session.describeNode(GROUP, 'gw-' + k), (d) => !!d?.devices.Line2?.born);
    edge.deviceDeath('Line2');
    const stale = await eventually(() => findStaleWorkCenters('1710'), (s) => s.length > 0);
    expect(stale.map((s) => s.workCenter).sort()).toEqual(['WC-PACK-01', 'WC-PUMP-02']);
  });

  it('stores each event once when two hosts receive the same messages', async () => {
    const a = await startHost();
    const b = await startHost(`${HOST}-b`);
    const edge = await startEdge();
    for (const h of [a, b]) await eventually(() => h.session.describeNode(GROUP, 'gw-' + k), (d) => !!d?.devices.Line2?.born);
    edge.update('Line2', [{ name: qtyTag('L2', 'MOTOR-10'), value: 7 }]);
    for (const h of [a, b]) await eventually(() => h.session.describeNode(GROUP, 'gw-' + k)?.devices.Line2.values[qtyTag('L2', 'MOTOR-10')], (v) => v === 7);
    await a.idle();
    await b.idle();
    const total = await db.plantEvent.count({ where: { gateway: `spb:${GROUP}/gw-${k}` } });
    expect(a.queue.stats.accepted + b.queue.stats.accepted).toBe(total);
    expect(a.queue.stats.duplicates + b.queue.stats.duplicates).toBe(total);
  });

  it('dead-letters a tag value the event schema refuses', async () => {
    const host = await startHost();
    const edge = await startEdge();
    await eventually(() => host.session.describeNode(GROUP, 'gw-' + k), (d) => !!d?.devices.Line2?.born);
    edge.update('Line1', [{ name: stateTag('L1', 'WC-TEST-01'), value: 'ON FIRE' }]);
    const letters = await eventually(() => db.ingestDeadLetter.findMany(), (l) => l.length === 1);
    expect(letters[0]).toMatchObject({ source: 'sparkplug', siteId: '1710', topic: `spBv1.0/${GROUP}/DDATA/gw-${k}/Line1` });
    expect(letters[0].error).toMatch(/state/);
    expect(JSON.parse(letters[0].payloadText!)).toMatchObject({ type: 'machine_state', state: 'ON FIRE', work_center: 'WC-TEST-01' });
  });

  it('publishes a retained STATE birth, and STATE offline when it stops', async () => {
    const host = await startHost(`${HOST}-state`);
    const read = async () => {
      const c = await mqtt.connectAsync(URL, { clientId: `state-${RUN}-${Math.random().toString(36).slice(2)}` });
      const got = new Promise<{ online: boolean; timestamp: number }>((r) => c.on('message', (_t, m) => r(JSON.parse(m.toString()))));
      await c.subscribeAsync(stateTopic(`${HOST}-state`));
      const v = await got;
      await c.endAsync();
      return v;
    };
    expect(await read()).toMatchObject({ online: true, timestamp: expect.any(Number) });
    await host.stop();
    hosts = hosts.filter((h) => h !== host);
    expect(await read()).toMatchObject({ online: false });
  });
});
