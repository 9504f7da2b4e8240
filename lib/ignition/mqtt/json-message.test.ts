import { describe, expect, it } from 'vitest';
import { jsonEventsTopic, jsonEventsTopicFilter, parseJsonEventsTopic, prepareJsonMessage } from '@/lib/ignition/mqtt/json-message';

const cfg = { prefix: 't1/', allowedSites: ['1710'] };
const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const scan = { id: 'gw:1', type: 'inventory_scan', ts: '2026-11-25T08:00:00Z', site: '1710', material: 'VLV-55', location: 'LINESIDE:L1', quantity: 480, uom: 'EA' };
const topic = jsonEventsTopic('t1/', '1710', 'inventory_scan');

describe('JSON event topics', () => {
  it('builds and parses ignition/<site>/events/<type> under a prefix', () => {
    expect(jsonEventsTopicFilter('t1/')).toBe('t1/ignition/+/events/+');
    expect(topic).toBe('t1/ignition/1710/events/inventory_scan');
    expect(parseJsonEventsTopic('t1/', topic)).toEqual({ site: '1710', type: 'inventory_scan' });
    expect(parseJsonEventsTopic('', 'ignition/1710/events')).toBeNull();
    expect(parseJsonEventsTopic('t1/', 'ignition/1710/events/x')).toBeNull();
    expect(parseJsonEventsTopic('', 'ignition/1710/state/x')).toBeNull();
  });
});

describe('prepareJsonMessage', () => {
  it('takes one event or an array, keeping each event’s index', () => {
    const one = prepareJsonMessage(cfg, topic, bytes(scan));
    expect(one).toEqual({ kind: 'events', siteId: '1710', candidates: [{ index: 0, raw: scan }], rejected: [] });
    const many = prepareJsonMessage(cfg, topic, bytes([scan, { ...scan, id: 'gw:2' }]));
    expect(many.kind === 'events' && many.candidates.map((c) => c.index)).toEqual([0, 1]);
  });

  it('refuses events whose site or type differs from the topic, and keeps the others', () => {
    const p = prepareJsonMessage(cfg, topic, bytes([scan, { ...scan, id: 'gw:x', site: '2000' }, { ...scan, id: 'gw:y', type: 'oee_snapshot' }]));
    expect(p.kind).toBe('events');
    if (p.kind !== 'events') return;
    expect(p.candidates.map((c) => c.index)).toEqual([0]);
    expect(p.rejected).toEqual([
      { index: 1, id: 'gw:x', errors: ["site: 2000 does not match the topic's site 1710"] },
      { index: 2, id: 'gw:y', errors: ["type: oee_snapshot does not match the topic's type inventory_scan"] },
    ]);
  });

  it('sends whole messages to the dead letters when nothing in them can be used', () => {
    expect(prepareJsonMessage(cfg, topic, bytes('{"id": '))).toMatchObject({ kind: 'dead', error: 'payload is not valid JSON', siteId: '1710' });
    expect(prepareJsonMessage(cfg, topic, Buffer.from([0xff, 0xfe, 0x00]))).toMatchObject({ kind: 'dead', error: 'payload is not UTF-8 text' });
    expect(prepareJsonMessage(cfg, jsonEventsTopic('t1/', '2000', 'inventory_scan'), bytes(scan))).toMatchObject({ kind: 'dead', siteId: null, error: expect.stringMatching(/site 2000/) });
    expect(prepareJsonMessage(cfg, jsonEventsTopic('t1/', '1710', 'gossip'), bytes(scan))).toMatchObject({ kind: 'dead', error: expect.stringMatching(/gossip is unknown/) });
    expect(prepareJsonMessage(cfg, topic, bytes([]))).toMatchObject({ kind: 'dead', error: expect.stringMatching(/1 to 1000/) });
    expect(prepareJsonMessage(cfg, topic, bytes(Array.from({ length: 1001 }, () => scan)))).toMatchObject({ kind: 'dead' });
  });

  it('leaves schema errors to the ingest (events without a site are not mismatches)', () => {
    const p = prepareJsonMessage(cfg, topic, bytes([{ id: 'gw:z', type: 'inventory_scan' }, 42]));
    expect(p.kind === 'events' && p.candidates.map((c) => c.index)).toEqual([0, 1]);
  });
});
