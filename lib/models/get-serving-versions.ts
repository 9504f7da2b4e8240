import 'server-only';
import { db } from '@/lib/db';

/** Which versions of an engine score live traffic, as the registry says. */
export interface ServingVersions {
  engine: string;
  /** The ACTIVE version; null when the registry has none for the engine (the pointer file decides then). */
  active: number | null;
  /** Versions in SHADOW, scored beside the active one and never acted on; oldest shadow first. */
  shadows: number[];
}

/**
 * Promotion is written by the web server and served by the worker, two
 * processes: each re-reads the registry at most this often, so a promotion is
 * live everywhere within seconds while scoring costs no extra query per call.
 */
export const SERVING_CACHE_MS = 3_000;

const cache = new Map<string, { expiresAt: number; value: Promise<ServingVersions> }>();

async function readServingVersions(engine: string): Promise<ServingVersions> {
  const rows = await db.modelVersion.findMany({
    where: { engine, status: { in: ['ACTIVE', 'SHADOW'] } },
    select: { version: true, status: true, shadowSince: true },
    orderBy: [{ shadowSince: 'asc' }, { version: 'asc' }],
  });
  return {
    engine,
    active: rows.find((r) => r.status === 'ACTIVE')?.version ?? null,
    shadows: rows.filter((r) => r.status === 'SHADOW').map((r) => r.version),
  };
}

/** The engine's ACTIVE and SHADOW versions, from an in-process cache refreshed every few seconds. */
export function getServingVersions(engine: string): Promise<ServingVersions> {
  const now = Date.now();
  const hit = cache.get(engine);
  if (hit && hit.expiresAt > now) return hit.value;
  const value = readServingVersions(engine);
  const entry = { expiresAt: now + SERVING_CACHE_MS, value };
  // A failed read must not stay cached: the next call asks the database again.
  value.catch(() => {
    if (cache.get(engine) === entry) cache.delete(engine);
  });
  cache.set(engine, entry);
  return value;
}

/**
 * Forgets the cached selection (of one engine, or all), so that this process
 * serves a promotion or rollback it just committed on its very next call.
 */
export function dropServingCache(engine?: string): void {
  if (engine === undefined) cache.clear();
  else cache.delete(engine);
}
