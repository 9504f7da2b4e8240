import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { START_CURSOR, type Cursor } from '@/lib/ignition/write-back/write-back-cursor';

const recentSchema = z.array(z.string());

export async function getCursor(name: string): Promise<Cursor> {
  const row = await db.writeBackCursor.findUnique({ where: { name } });
  if (!row) return START_CURSOR;
  const recent = recentSchema.safeParse(row.recent);
  return { at: row.at, lastKey: row.lastKey, recent: recent.success ? recent.data : [] };
}

/** Saves several cursors together: a pass either moves all of its streams or none. */
export async function saveCursors(cursors: Record<string, Cursor>): Promise<void> {
  await db.$transaction(
    Object.entries(cursors).map(([name, c]) =>
      db.writeBackCursor.upsert({
        where: { name },
        create: { name, at: c.at, lastKey: c.lastKey, recent: c.recent },
        update: { at: c.at, lastKey: c.lastKey, recent: c.recent },
      }),
    ),
  );
}
