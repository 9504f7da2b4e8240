// Used by the start command and the test runner: one place that turns
// "DATABASE_URL or nothing" into a migrated database.
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/lib/database/embedded';
import { migrateDatabase } from '@/lib/database/migrate';

export interface PreparedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
}

export async function prepareDatabase(options: { databaseUrl?: string; dataDir: string; log: (l: string) => void; port?: number }): Promise<PreparedDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  let url = options.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, log: options.log, port: options.port, ownSignals: true });
    url = embedded.url;
    options.log(`embedded PostgreSQL running (data in ${options.dataDir}/pg)`);
  } else {
    options.log(`using the PostgreSQL server from DATABASE_URL`);
  }
  const { applied, alreadyApplied } = await migrateDatabase(url, { log: options.log });
  options.log(`migrations: ${applied.length} applied, ${alreadyApplied} already in place`);
  return { url, embedded };
}
