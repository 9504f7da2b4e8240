// Applies the committed migrations to DATABASE_URL (works offline).
import { parseArgs } from 'node:util';
import { migrateDatabase } from '@/lib/database/migrate';
import { requireDatabaseUrl } from '@/lib/env';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log(`Usage: npm run db:migrate

Applies prisma/migrations to the database at DATABASE_URL, recording them in
Prisma's _prisma_migrations table, and installs the job queue's schema.`);
  process.exit(0);
}
const result = await migrateDatabase(requireDatabaseUrl(), { log: (l) => console.log(l) });
console.log(`${result.applied.length} applied, ${result.alreadyApplied} already in place.`);
