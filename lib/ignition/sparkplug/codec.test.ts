import { describe, expect, it } from 'vitest';
import { get } from 'sparkplug-payload';
import { DataType, decodeSparkplugPayload, encodeSparkplugPayload, interpretValue } from '@/lib/ignition/sparkplug/codec';

const tahu = get('spBv1.0')!;
const T = 1486144502122;

function roundTrip(datatype: number, value: number | string | boolean | null, withDatatypes = true) {
  const bytes = encodeSparkplugPayload({ timestamp: T, seq: 1, metrics: [{ alias: 9, timestamp: T, datatype, value }] }, { withDatatypes });
  const m = decodeSparkplugPayload(bytes).metrics[0];
  return interpretValue(withDatatypes ? m.datatype : datatype, m.field, m.raw);
}

describe('Sparkplug B codec', () => {
  it('decodes a payload written by the reference library (the spec’s NBIRTH example)', () => {
    const bytes = tahu.encodePayload({
      timestamp: T,
      seq: 0,
      metrics: [
        { name: 'bdSeq', timestamp: T, type: 'Int64', value: 0 },
        { name: 'Node Control/Rebirth', timestamp: T, type: 'Boolean', value: false },
        { name: 'Node Control/Scan Rate', timestamp: T, type: 'Int64', value: 3000 },
        { name: 'Properties/OS', timestamp: T, type: 'String', value: 'Raspbian' },
        { name: 'Supply Voltage', timestamp: T, type: 'Float', value: 12.1 },
      ],
    });
    const p = decodeSparkplugPayload(bytes);
    expect(p.timestamp).toBe(T);
    expect(p.seq).toBe(0);
    expect(p.metrics.map((m) => [m.name, interpretValue(m.datatype, m.field, m.raw)])).toEqual([
      ['bdSeq', 0],
      ['Node Control/Rebirth', false],
      ['Node Control/Scan Rate', 3000],
      ['Properties/OS', 'Raspbian'],
      ['Supply Voltage', expect.closeTo(12.1, 5)],
    ]);
  });

  it('writes payloads the reference library reads', () => {
    const bytes = encodeSparkplugPayload({ timestamp: T, seq: 2, metrics: [{ name: 'My Metric', alias: 1, timestamp: 1479123452194, datatype: DataType.String, value: 'Test' }] });
    const p = tahu.decodePayload(bytes);
    expect(Number(p.seq)).toBe(2);
    expect(p.metrics![0]).toMatchObject({ name: 'My Metric', type: 'String', value: 'Test' });
    expect(Number(p.metrics![0].alias)).toBe(1);
  });

  it('keeps signed integers signed (two’s complement in the unsigned fields)', () => {
    expect(roundTrip(DataType.Int8, -5)).toBe(-5);
    expect(roundTrip(DataType.Int16, -30000)).toBe(-30000);
    expect(roundTrip(DataType.Int32, -2_000_000_000)).toBe(-2_000_000_000);
    expect(roundTrip(DataType.Int64, -42)).toBe(-42);
    expect(roundTrip(DataType.UInt32, 4_000_000_000)).toBe(4_000_000_000);
    expect(roundTrip(DataType.DateTime, 1_795_606_345_334)).toBe(1_795_606_345_334);
  });

  it('reads DATA metrics without a datatype through the datatype from the birth', () => {
    expect(roundTrip(DataType.Int16, -7, false)).toBe(-7);
    expect(roundTrip(DataType.Double, 0.875, false)).toBe(0.875);
    expect(roundTrip(DataType.String, 'DOWN', false)).toBe('DOWN');
    expect(roundTrip(DataType.Boolean, true, false)).toBe(true);
    const m = decodeSparkplugPayload(encodeSparkplugPayload({ timestamp: T, metrics: [{ alias: 3, timestamp: T, datatype: DataType.String, value: 'x' }] }, { withDatatypes: false })).metrics[0];
    expect(m.datatype).toBeNull();
    expect(m.alias).toBe(3);
  });

  it('marks null values as is_null', () => {
    const m = decodeSparkplugPayload(encodeSparkplugPayload({ timestamp: T, metrics: [{ name: 'x', timestamp: T, datatype: DataType.DateTime, value: null }] })).metrics[0];
    expect(m.isNull).toBe(true);
    expect(m.field).toBe('none');
  });

  it('throws on bytes that are not a payload', () => {
    expect(() => decodeSparkplugPayload(Buffer.from('{"online":true}'))).toThrow();
  });
});
