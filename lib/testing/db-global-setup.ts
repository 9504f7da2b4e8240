// Vitest global setup for database tests: a fresh, migrated database per run,
// on the server in DATABASE_URL (CI: the machine's PostgreSQL) or on an
// embedded PostgreSQL when none is set. Dropped at the end.
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/database/migrate';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/lib/database/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | null = null;
  let serverUrl = getEnv().DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: '.data/test', port: 54339 });
    serverUrl = embedded.url;
  }
  const name = `interlock_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  await migrateDatabase(url);
  process.env.DATABASE_URL = url;
  project.provide('databaseUrl', url);

  return async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    if (embedded) await embedded.stop();
  };
}
