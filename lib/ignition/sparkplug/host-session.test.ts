import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import defaultMapping from '@/lib/ignition/sparkplug/default-mapping.json';
import { compileMapping } from '@/lib/ignition/sparkplug/mapping';
import { DataType, encodeSparkplugPayload, type MetricToEncode } from '@/lib/ignition/sparkplug/codec';
import { SparkplugHostSession, type MappedEvents, type SourceStatus } from '@/lib/ignition/sparkplug/host-session';

const G = 'Plant1710';
const N = 'gw1';
const T = Date.parse('2026-11-25T08:00:00Z');
const mapping = compileMapping(defaultMapping);

const nbirth = (bdSeq: number) =>
  encodeSparkplugPayload({
    timestamp: T,
    seq: 0,
    metrics: [
      { name: 'bdSeq', timestamp: T, datatype: DataType.Int64, value: bdSeq },
      { name: 'Node Control/Rebirth', alias: 1, timestamp: T, datatype: DataType.Boolean, value: false },
    ],
  });
const ndeath = (bdSeq: number) => encodeSparkplugPayload({ timestamp: T, metrics: [{ name: 'bdSeq', timestamp: T, datatype: DataType.Int64, value: bdSeq }] });
const dbirth = (seq: number) =>
  encodeSparkplugPayload({
    timestamp: T,
    seq,
    metrics: [
      { name: 'Line1/WC-ASSY-05/State', alias: 10, timestamp: T, datatype: DataType.String, value: 'RUNNING' },
      { name: 'Line1/WC-ASSY-05/State Reason', alias: 11, timestamp: T, datatype: DataType.String, value: null },
      { name: 'Line1/Lineside/VLV-55/Qty', alias: 12, timestamp: T, datatype: DataType.Double, value: 900 },
      { name: 'Line1/WC-ASSY-05/Temperature', alias: 13, timestamp: T, datatype: DataType.Float, value: 21 },
    ],
  });
const ddata = (seq: number, metrics: Omit<MetricToEncode, 'datatype'>[], datatypes: Record<number, number> = { 10: DataType.String, 11: DataType.String, 12: DataType.Double, 13: DataType.Float }) =>
  encodeSparkplugPayload({ timestamp: T + seq * 1000, seq, metrics: metrics.map((m) => ({ ...m, datatype: datatypes[m.alias!] })) }, { withDatatypes: false });

describe('SparkplugHostSession', () => {
  let events: MappedEvents[];
  let statuses: SourceStatus[];
  let rebirths: string[];
  let invalid: string[];
  let session: SparkplugHostSession;
  const send = (type: string, bytes: Uint8Array, device?: string) => session.handleMessage(`spBv1.0/${G}/${type}/${N}${device ? `/${device}` : ''}`, bytes);
  const allEvents = () => events.flatMap((b) => b.events);

  beforeEach(() => {
    vi.useFakeTimers();
    events = [];
    statuses = [];
    rebirths = [];
    invalid = [];
    session = new SparkplugHostSession(
      { mapping, hostId: 'h1', reorderTimeoutMs: 500, now: () => Date.now() },
      {
        onEvents: (b) => events.push(b),
        onStatus: (s) => statuses.push(s),
        onRebirthRequest: (g, n, reason) => rebirths.push(`${g}/${n}: ${reason}`),
        onInvalid: (topic, _p, error) => invalid.push(`${topic}: ${error}`),
      },
    );
  });
  afterEach(() => {
    session.stop();
    vi.useRealTimers();
  });

  function born() {
    send('NBIRTH', nbirth(3));
    send('DBIRTH', dbirth(1), 'Line1');
  }

  it('learns names, aliases and datatypes from the births and reports the source online', () => {
    born();
    const d = session.describeNode(G, N)!;
    expect(d.bdSeq).toBe(3);
    expect(d.nextSeq).toBe(2);
    expect(d.devices.Line1.aliases).toEqual({ 10: 'Line1/WC-ASSY-05/State', 11: 'Line1/WC-ASSY-05/State Reason', 12: 'Line1/Lineside/VLV-55/Qty', 13: 'Line1/WC-ASSY-05/Temperature' });
    expect(statuses.map((s) => [s.device, s.online, s.workCenters])).toEqual([
      ['', true, []],
      ['Line1', true, ['WC-ASSY-05']],
    ]);
    // The birth's current values are events too (the floor as it is now).
    expect(allEvents().map((e) => e.type).sort()).toEqual(['inventory_scan', 'machine_state']);
  });

  it('decodes data by alias with the birth’s datatypes and maps it to events with deterministic ids', () => {
    born();
    events = [];
    send('DDATA', ddata(2, [{ alias: 10, timestamp: T + 5000, value: 'DOWN' }, { alias: 11, timestamp: T + 5000, value: 'spindle fault' }]), 'Line1');
    expect(allEvents()).toEqual([
      { id: expect.stringMatching(/^spb:3:2:1795593605000:[0-9a-f]{16}$/), type: 'machine_state', ts: '2026-11-25T08:00:05.000Z', site: '1710', state: 'DOWN', reason: 'spindle fault', work_center: 'WC-ASSY-05', line: 'L1' },
    ]);
    expect(events[0].gateway).toBe(`spb:${G}/${N}`);
    // A tag no rule maps changes the host's value but makes no event.
    events = [];
    send('DDATA', ddata(3, [{ alias: 13, timestamp: T, value: 25 }]), 'Line1');
    expect(events).toEqual([]);
    expect(session.describeNode(G, N)!.devices.Line1.values['Line1/WC-ASSY-05/Temperature']).toBe(25);
  });

  it('on a seq gap waits the reorder timeout, then requests a rebirth and uses what came after the gap', () => {
    born();
    events = [];
    send('DDATA', ddata(3, [{ alias: 12, timestamp: T + 3000, value: 850 }]), 'Line1');
    expect(session.describeNode(G, N)!.pending).toEqual([3]);
    vi.advanceTimersByTime(499);
    expect(rebirths).toEqual([]);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(rebirths).toEqual([`${G}/${N}: seq 2 did not arrive within 500 ms`]);
    expect(allEvents().map((e) => e.quantity)).toEqual([850]);
    expect(session.describeNode(G, N)!.nextSeq).toBe(4);
  });

  it('puts messages back in order when the missing one arrives within the timeout (no rebirth)', () => {
    born();
    events = [];
    send('DDATA', ddata(3, [{ alias: 12, timestamp: T + 3000, value: 700 }]), 'Line1');
    send('DDATA', ddata(2, [{ alias: 12, timestamp: T + 2000, value: 800 }]), 'Line1');
    vi.advanceTimersByTime(2000);
    expect(rebirths).toEqual([]);
    expect(allEvents().map((e) => e.quantity)).toEqual([800, 700]);
  });

  it('wraps seq from 255 to 0 and drops a repeated seq', () => {
    born();
    for (let s = 2; s <= 255; s++) send('DDATA', ddata(s, [{ alias: 13, timestamp: T, value: s }]), 'Line1');
    send('DDATA', ddata(0, [{ alias: 12, timestamp: T + 1, value: 1 }]), 'Line1');
    expect(session.describeNode(G, N)!.nextSeq).toBe(1);
    events = [];
    send('DDATA', ddata(0, [{ alias: 12, timestamp: T + 2, value: 2 }]), 'Line1');
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(rebirths).toEqual([]);
  });

  it('asks for a rebirth when data comes from a node it has no birth for, or by an unknown alias', () => {
    send('NDATA', ddata(5, [{ alias: 1, timestamp: T, value: 1 }], { 1: DataType.Int32 }));
    expect(rebirths).toHaveLength(1);
    expect(rebirths[0]).toMatch(/NBIRTH/);
    vi.advanceTimersByTime(600);
    born();
    send('DDATA', ddata(2, [{ alias: 99, timestamp: T, value: 1 }], { 99: DataType.Int32 }), 'Line1');
    expect(rebirths[1]).toMatch(/alias 99/);
  });

  it('ignores an NDEATH whose bdSeq is not the current birth’s', () => {
    born();
    statuses = [];
    send('NDEATH', ndeath(2));
    expect(statuses).toEqual([]);
    expect(session.describeNode(G, N)!.born).toBe(true);
  });

  it('marks the node and its devices stale on an NDEATH with the current bdSeq, and the device on DDEATH', () => {
    born();
    statuses = [];
    send('DDEATH', encodeSparkplugPayload({ timestamp: T, seq: 2, metrics: [] }), 'Line1');
    expect(statuses.map((s) => [s.device, s.online, s.workCenters])).toEqual([['Line1', false, ['WC-ASSY-05']]]);
    statuses = [];
    send('NDEATH', ndeath(3));
    expect(statuses.map((s) => [s.device, s.online])).toEqual([
      ['', false],
      ['Line1', false],
    ]);
    expect(statuses[0].bdSeq).toBe(3);
    // After the death, data needs a new birth.
    send('DDATA', ddata(3, [{ alias: 12, timestamp: T, value: 1 }]), 'Line1');
    expect(rebirths).toHaveLength(1);
  });

  it('sends undecodable payloads and births without bdSeq to the dead letters', () => {
    send('NBIRTH', Buffer.from('not protobuf at all, really'));
    send('NBIRTH', encodeSparkplugPayload({ timestamp: T, seq: 0, metrics: [] }));
    expect(invalid).toHaveLength(2);
    expect(invalid[1]).toMatch(/without a bdSeq/);
  });

  it('ignores groups outside the mapping and its own commands', () => {
    session.handleMessage('spBv1.0/OtherGroup/NBIRTH/gw1', nbirth(0));
    session.handleMessage(`spBv1.0/${G}/NCMD/${N}`, nbirth(0));
    expect(statuses).toEqual([]);
    expect(session.describeNode('OtherGroup', 'gw1')).toBeNull();
  });
});
