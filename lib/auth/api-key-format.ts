// API keys look like `ilk_<prefix>_<secret>`: the prefix finds the row, the
// secret (256 bits of randomness) is compared by its SHA-256 hash, so a slow
// password hash is not needed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ParsedApiKey {
  prefix: string;
  secret: string;
}

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `ilk_${prefix}_${secret}`, prefix, secretHash: hashApiSecret(secret) };
}

export function parseApiKey(raw: string): ParsedApiKey | null {
  const m = /^ilk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/.exec(raw.trim());
  return m ? { prefix: m[1], secret: m[2] } : null;
}

export function hashApiSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function apiSecretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
