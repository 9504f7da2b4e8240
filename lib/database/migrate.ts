// Applies prisma/migrations in order, recording them in Prisma's own
// `_prisma_migrations` table (same columns, same sha256 checksum), so a machine
// with Prisma's native engine can still run `prisma migrate deploy` later.
// Written here because the native engine cannot be downloaded on our machines.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant: serialises concurrent migrators (two processes starting at once).
const LOCK_KEY = 72_707_342;

export async function migrateDatabase(
  connectionString: string,
  options: { migrationsDir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const dir = options.migrationsDir ?? path.resolve('prisma/migrations');
  const log = options.log ?? (() => {});
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
        .map((d) => d.name)
        .sort()
    : [];

  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  let alreadyApplied = 0;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const done = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]));
    const failed = rows.filter((r) => !r.finished_at).map((r) => r.migration_name);
    if (failed.length > 0) {
      throw new Error(`Migration ${failed.join(', ')} failed earlier and is not rolled back: fix the database by hand first.`);
    }
    for (const name of names) {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = done.get(name);
      if (previous) {
        alreadyApplied++;
        if (previous !== checksum) log(`warning: migration ${name} was edited after it was applied`);
        continue;
      }
      log(`applying migration ${name}`);
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
           VALUES ($1, $2, now(), $3, 1, now())`,
          [randomUUID(), checksum, name],
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${name} failed: ${(e as Error).message}`);
      }
      applied.push(name);
    }
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  } finally {
    await client.end();
  }
  // The job queue's own schema: approvals enqueue their posting job in the same transaction.
  await runWorkerMigrations({ connectionString });
  return { applied, alreadyApplied };
}
