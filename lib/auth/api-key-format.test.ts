import { describe, expect, it } from 'vitest';
import { apiSecretMatches, generateApiKey, parseApiKey } from '@/lib/auth/api-key-format';
import { hashPassword, verifyPassword } from '@/lib/auth/password';

describe('API keys', () => {
  it('round-trips a generated key and refuses a changed secret', () => {
    const { key, prefix, secretHash } = generateApiKey();
    const parsed = parseApiKey(key);
    expect(parsed?.prefix).toBe(prefix);
    expect(apiSecretMatches(parsed!.secret, secretHash)).toBe(true);
    expect(apiSecretMatches(parsed!.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), secretHash)).toBe(false);
  });

  it('rejects malformed keys', () => {
    for (const bad of ['', 'Bearer x', 'ilk_123_abc', 'ilk_zzzzzzzzzzzz_aaaaaaaaaaaaaaaaaaaaaaaa']) expect(parseApiKey(bad)).toBeNull();
  });
});

describe('passwords', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
