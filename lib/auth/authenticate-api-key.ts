import 'server-only';
import { db } from '@/lib/db';
import { apiSecretMatches, parseApiKey } from '@/lib/auth/api-key-format';
import type { Principal } from '@/lib/auth/principal';

/** "Last used" is for people reading the key list: a minute's precision is plenty. */
const LAST_USED_PRECISION_MS = 60_000;

export async function authenticateApiKey(raw: string): Promise<Extract<Principal, { kind: 'apiKey' }> | null> {
  const parsed = parseApiKey(raw);
  if (!parsed) return null;
  const key = await db.apiKey.findUnique({ where: { prefix: parsed.prefix } });
  if (!key || key.revokedAt || !apiSecretMatches(parsed.secret, key.secretHash)) return null;
  if (key.kind !== 'GATEWAY') return null;
  // Best effort, and at most once a minute: every gateway request writing the same
  // row made concurrent ingest requests queue on its lock.
  const now = new Date();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    db.apiKey.updateMany({ where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_PRECISION_MS) } }] }, data: { lastUsedAt: now } }).catch(() => {});
  }
  return { kind: 'apiKey', id: key.id, name: key.name, role: 'GATEWAY', gateway: key.gateway, siteIds: key.siteIds };
}
