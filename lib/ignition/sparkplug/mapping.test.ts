import { describe, expect, it } from 'vitest';
import defaultMapping from '@/lib/ignition/sparkplug/default-mapping.json';
import { compileMapping, sparkplugEventId, type KnownMetric } from '@/lib/ignition/sparkplug/mapping';
import { DataType } from '@/lib/ignition/sparkplug/codec';
import { plantEventSchema } from '@/lib/ignition/plant-event.schema';

const mapping = compileMapping(defaultMapping);
const T = Date.parse('2026-11-25T08:00:00Z');

function eventFor(name: string, values: Record<string, KnownMetric>) {
  const [m] = mapping.match(name);
  const built = mapping.buildFields(m, (n) => values[n]);
  return { match: m, built, type: mapping.rules[m.rule].type };
}

const known = (value: KnownMetric['value'], datatype: number = DataType.String): KnownMetric => ({ value, datatype, timestamp: T });

describe('the default Sparkplug mapping', () => {
  it('turns a State tag into a machine_state event with the line translated and the sibling tags read', () => {
    const { built, type, match } = eventFor('Line1/WC-ASSY-05/State', {
      'Line1/WC-ASSY-05/State': known('DOWN'),
      'Line1/WC-ASSY-05/State Reason': known('spindle fault'),
      'Line1/WC-ASSY-05/Expected Up': known(T + 3_600_000, DataType.DateTime),
    });
    expect(type).toBe('machine_state');
    expect(built).toEqual({ fields: { state: 'DOWN', reason: 'spindle fault', expected_up_at: '2026-11-25T09:00:00.000Z', work_center: 'WC-ASSY-05', line: 'L1' } });
    expect(mapping.workCenterOf(match)).toBe('WC-ASSY-05');
    // The result is a valid plant event once the host adds id, ts and site.
    expect(plantEventSchema.safeParse({ id: 'x', ts: new Date(T).toISOString(), site: '1710', type, ...('fields' in built ? built.fields : {}) }).success).toBe(true);
  });

  it('leaves optional tags out when they have no value, and names missing required ones', () => {
    expect(eventFor('Line2/WC-PUMP-02/State', { 'Line2/WC-PUMP-02/State': known('RUNNING') }).built).toEqual({ fields: { state: 'RUNNING', work_center: 'WC-PUMP-02', line: 'L2' } });
    expect(eventFor('Line1/WC-ASSY-05/OEE/Availability', { 'Line1/WC-ASSY-05/OEE/Availability': known(0.9, DataType.Float) }).built).toEqual({
      missing: ['Line1/WC-ASSY-05/OEE/Performance', 'Line1/WC-ASSY-05/OEE/Quality'],
    });
  });

  it('makes one oee_snapshot from the three OEE tags, whichever of them changed', () => {
    const values = {
      'Line1/WC-TEST-01/OEE/Availability': known(0.91, DataType.Float),
      'Line1/WC-TEST-01/OEE/Performance': known(0.82, DataType.Float),
      'Line1/WC-TEST-01/OEE/Quality': known(0.99, DataType.Float),
    };
    const a = eventFor('Line1/WC-TEST-01/OEE/Performance', values);
    const b = eventFor('Line1/WC-TEST-01/OEE/Quality', values);
    expect(a.type).toBe('oee_snapshot');
    expect(a.match.instance).toBe(b.match.instance);
    expect(a.built).toEqual({ fields: { availability: 0.91, performance: 0.82, quality: 0.99, work_center: 'WC-TEST-01', line: 'L1' } });
  });

  it('turns a line-side quantity tag into an inventory_scan at LINESIDE:<line>', () => {
    const { built, type, match } = eventFor('Line1/Lineside/VLV-55/Qty', { 'Line1/Lineside/VLV-55/Qty': known(480, DataType.Double) });
    expect(type).toBe('inventory_scan');
    expect(built).toEqual({ fields: { quantity: 480, material: 'VLV-55', location: 'LINESIDE:L1', uom: 'EA', line: 'L1' } });
    expect(mapping.workCenterOf(match)).toBeNull();
  });

  it('ignores tags no rule names', () => {
    expect(mapping.match('Line1/WC-ASSY-05/Temperature')).toEqual([]);
    expect(mapping.match('Node Control/Rebirth')).toEqual([]);
    expect(mapping.siteOf('Plant1710')).toBe('1710');
    expect(mapping.siteOf('Other')).toBeNull();
  });
});

describe('mapping validation', () => {
  it('refuses rules whose templates capture different variables or use uncaptured ones', () => {
    const bad = {
      groups: { G: { site: '1710' } },
      rules: [{ type: 'oee_snapshot', metrics: { availability: '{line}/{wc}/A', quality: '{line}/Q' }, fields: { work_center: '{work_center}' } }],
    };
    expect(() => compileMapping(bad)).toThrow(/same \{variables\}|not captured/);
  });

  it('refuses two rules with the same id', () => {
    const rule = { type: 'machine_state', metrics: { state: '{wc}/State' }, fields: { work_center: '{wc}' } };
    expect(() => compileMapping({ groups: { G: { site: '1710' } }, rules: [rule, rule] })).toThrow(/used twice/);
  });
});

describe('sparkplugEventId', () => {
  const k = { group: 'G', node: 'gw1', device: 'Line1', bdSeq: 3, seq: 17, instance: 'machine_state|line=Line1|work_center=WC-ASSY-05', ts: T };
  it('is the same for the same message and differs when anything that identifies it differs', () => {
    expect(sparkplugEventId(k)).toBe(sparkplugEventId({ ...k }));
    const others = [{ seq: 18 }, { bdSeq: 4 }, { device: 'Line2' }, { node: 'gw2' }, { group: 'H' }, { ts: T + 1 }, { instance: 'oee_snapshot|line=Line1|work_center=WC-ASSY-05' }];
    const ids = new Set([sparkplugEventId(k), ...others.map((o) => sparkplugEventId({ ...k, ...o }))]);
    expect(ids.size).toBe(others.length + 1);
    expect(sparkplugEventId(k).length).toBeLessThanOrEqual(120);
  });
});
