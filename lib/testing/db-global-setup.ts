// Vitest global setup for database tests: a fresh, migrated database per run,
// on the server in DATABASE_URL (CI: the machine's PostgreSQL) or on an
// embedded PostgreSQL when none is set. Dropped at the end.
import type { TestProject } from 'vitest/node';
import { createScratchDatabase } from '@/lib/database/scratch-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const scratch = await createScratchDatabase({
    name: `interlock_test_${process.pid}_${Date.now().toString(36)}`,
    embedded: { dataDir: '.data/test', port: 54339 },
    // Vitest is stopped with Ctrl-C like any command: let the package's exit hook stop the server.
    ownSignals: false,
  });
  process.env.DATABASE_URL = scratch.url;
  project.provide('databaseUrl', scratch.url);
  return () => scratch.drop();
}
