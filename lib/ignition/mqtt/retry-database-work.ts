import 'server-only';
import { db } from '@/lib/db';
import { backoffDelay } from '@/lib/retry/backoff';
import type { Logger } from '@/lib/log';

export class StoppedError extends Error {
  constructor() {
    super('stopped');
  }
}

async function isDatabaseReachable(): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs database work until it commits. While the database is unreachable it
 * waits and retries without limit (the message stays unacknowledged, so the
 * broker keeps it). When the database answers but the work keeps failing, the
 * message itself is the problem (a poison message): after `maxFailures` such
 * failures `giveUp` runs instead (it stores a dead letter), so one bad message
 * cannot stop the stream behind it.
 */
export async function retryDatabaseWork<T>(options: {
  what: string;
  log: Logger;
  work: () => Promise<T>;
  giveUp: (error: Error) => Promise<T>;
  isStopped: () => boolean;
  maxFailures?: number;
  baseMs?: number;
  capMs?: number;
}): Promise<T> {
  const maxFailures = options.maxFailures ?? 3;
  let attempt = 0;
  let failuresWhileReachable = 0;
  for (;;) {
    if (options.isStopped()) throw new StoppedError();
    try {
      return await options.work();
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      attempt++;
      if (await isDatabaseReachable()) {
        failuresWhileReachable++;
        if (failuresWhileReachable >= maxFailures) {
          options.log.error(`${options.what}: failed ${failuresWhileReachable} times with the database up; dead-lettering it`, { error: error.message });
          try {
            return await options.giveUp(error);
          } catch (g) {
            // The database went away in between: start over, the message is still ours.
            options.log.warn(`${options.what}: could not store the dead letter either`, { error: g instanceof Error ? g.message : String(g) });
            failuresWhileReachable = 0;
          }
        }
      }
      const delay = backoffDelay(attempt, { baseMs: options.baseMs ?? 200, capMs: options.capMs ?? 10_000 });
      options.log.warn(`${options.what}: database write failed; retrying`, { inMs: delay, attempt, error: error.message });
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
