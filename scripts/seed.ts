// Seeds the demo plant and demo users into DATABASE_URL. Idempotent.
import { parseArgs } from 'node:util';
import { createPrismaClient } from '@/lib/db';
import { requireDatabaseUrl } from '@/lib/env';
import { seedDemoUsers, seedPlant } from '@/prisma/seed-factories';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log(`Usage: npm run db:seed

Seeds the demo plant (site 1710, two lines, work centers, materials, BOMs,
stock, operators, the ORDER_RELEASE policy) and the four demo users into the
database at DATABASE_URL. Running it twice changes nothing the second time.`);
  process.exit(0);
}
const db = createPrismaClient(requireDatabaseUrl());
await seedPlant(db);
await seedDemoUsers(db);
await db.$disconnect();
console.log('Demo plant and users seeded.');
