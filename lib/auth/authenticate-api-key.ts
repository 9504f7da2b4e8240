import 'server-only';
import { db } from '@/lib/db';
import { apiSecretMatches, parseApiKey } from '@/lib/auth/api-key-format';
import type { Principal } from '@/lib/auth/principal';

export async function authenticateApiKey(raw: string): Promise<Extract<Principal, { kind: 'apiKey' }> | null> {
  const parsed = parseApiKey(raw);
  if (!parsed) return null;
  const key = await db.apiKey.findUnique({ where: { prefix: parsed.prefix } });
  if (!key || key.revokedAt || !apiSecretMatches(parsed.secret, key.secretHash)) return null;
  if (key.kind !== 'GATEWAY') return null;
  // Best effort: a usage timestamp is not worth failing a request for.
  db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return { kind: 'apiKey', id: key.id, name: key.name, role: 'GATEWAY', gateway: key.gateway, siteIds: key.siteIds };
}
