import { describe, expect, it } from 'vitest';
import { bridgeOrigins, isTrustedMessage, navigateMessageSchema } from '@/lib/ignition/http/bridge-messages.schema';

describe('bridge messages', () => {
  const parent = { name: 'perspective' };
  const allowed = ['http://localhost:3100', 'https://gw1.plant.local:8043'];

  it('trusts only the parent window at an allowed origin', () => {
    expect(isTrustedMessage({ origin: 'https://gw1.plant.local:8043', source: parent }, parent, allowed)).toBe(true);
    expect(isTrustedMessage({ origin: 'https://evil.example', source: parent }, parent, allowed)).toBe(false);
    // An allowed origin in another window (a popup, a sibling frame) is not our host.
    expect(isTrustedMessage({ origin: 'https://gw1.plant.local:8043', source: { other: true } }, parent, allowed)).toBe(false);
    expect(isTrustedMessage({ origin: 'https://gw1.plant.local:8043', source: null }, null, allowed)).toBe(false);
  });

  it('validates navigate messages', () => {
    expect(navigateMessageSchema.safeParse({ type: 'interlock:navigate', site: '1710', line: 'L1', order: '1000123' }).success).toBe(true);
    expect(navigateMessageSchema.safeParse({ type: 'interlock:navigate' }).success).toBe(true);
    expect(navigateMessageSchema.safeParse({ type: 'interlock:navigate', order: 'x'.repeat(41) }).success).toBe(false);
    expect(navigateMessageSchema.safeParse({ type: 'interlock:other' }).success).toBe(false);
    expect(navigateMessageSchema.safeParse('interlock:navigate').success).toBe(false);
  });

  it('talks to the console origin and the configured gateways, once each', () => {
    expect(bridgeOrigins(['https://gw1.plant.local:8043', 'http://localhost:3100'], 'http://localhost:3100')).toEqual(['http://localhost:3100', 'https://gw1.plant.local:8043']);
  });
});
