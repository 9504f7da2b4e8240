import { describe, expect, it } from 'vitest';
import { deviceTopic, nodeTopic, parseSparkplugTopic, statePayload, stateTopic } from '@/lib/ignition/sparkplug/topic';

describe('Sparkplug topics', () => {
  it('parses node, device and STATE topics', () => {
    expect(parseSparkplugTopic('spBv1.0/Plant1710/NDATA/gw1')).toEqual({ kind: 'node', group: 'Plant1710', type: 'NDATA', node: 'gw1' });
    expect(parseSparkplugTopic('spBv1.0/Plant1710/DBIRTH/gw1/Line1')).toEqual({ kind: 'device', group: 'Plant1710', type: 'DBIRTH', node: 'gw1', device: 'Line1' });
    expect(parseSparkplugTopic('spBv1.0/STATE/interlock')).toEqual({ kind: 'state', hostId: 'interlock' });
  });

  it('refuses device ids on node messages, missing device ids, other namespaces and empty levels', () => {
    expect(parseSparkplugTopic('spBv1.0/G/NDATA/gw1/dev')).toBeNull();
    expect(parseSparkplugTopic('spBv1.0/G/DDATA/gw1')).toBeNull();
    expect(parseSparkplugTopic('spAv1.0/G/NDATA/gw1')).toBeNull();
    expect(parseSparkplugTopic('spBv1.0/G/NDATA/')).toBeNull();
    expect(parseSparkplugTopic('spBv1.0/G/HELLO/gw1')).toBeNull();
  });

  it('builds topics and the STATE payload', () => {
    expect(nodeTopic('G', 'NCMD', 'gw1')).toBe('spBv1.0/G/NCMD/gw1');
    expect(deviceTopic('G', 'DDATA', 'gw1', 'd')).toBe('spBv1.0/G/DDATA/gw1/d');
    expect(stateTopic('h')).toBe('spBv1.0/STATE/h');
    expect(JSON.parse(statePayload(true, 5))).toEqual({ online: true, timestamp: 5 });
  });
});
