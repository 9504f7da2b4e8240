import { describe, expect, it } from 'vitest';
import { generateSecret, openSecret, sealSecret, secretContext } from '@/lib/ignition/http/secret-box';

const MASTER = 'a'.repeat(64);
const CTX = secretContext('ign-gw-01', 'signing');

describe('secret box (AES-256-GCM under a key derived from NEXTAUTH_SECRET)', () => {
  it('round-trips, and never stores the secret in clear', () => {
    const secret = generateSecret();
    const sealed = sealSecret(secret, MASTER, CTX);
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(sealed).not.toContain(secret);
    expect(openSecret(sealed, MASTER, CTX)).toBe(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret('s', MASTER, CTX)).not.toBe(sealSecret('s', MASTER, CTX));
  });

  it('will not open under another master secret, another gateway or another purpose', () => {
    const sealed = sealSecret('s3cret', MASTER, CTX);
    expect(openSecret(sealed, 'b'.repeat(64), CTX)).toBeNull();
    expect(openSecret(sealed, MASTER, secretContext('ign-gw-02', 'signing'))).toBeNull();
    expect(openSecret(sealed, MASTER, secretContext('ign-gw-01', 'launch'))).toBeNull();
  });

  it('detects tampering and refuses malformed boxes', () => {
    const [v, iv, tag, ct] = sealSecret('s3cret', MASTER, CTX).split(':');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    expect(openSecret([v, iv, tag, flipped.toString('base64url')].join(':'), MASTER, CTX)).toBeNull();
    expect(openSecret('v2:a:b:c', MASTER, CTX)).toBeNull();
    expect(openSecret('plain-text-secret', MASTER, CTX)).toBeNull();
  });

  it('refuses a master secret too short to derive a key from', () => {
    expect(() => sealSecret('s', 'short', CTX)).toThrow(/at least 32/);
  });

  it('makes 256-bit URL-safe secrets', () => {
    const s = generateSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSecret()).not.toBe(s);
  });
});
