// Empties every table (data only; schema and migrations stay) between tests.
import { db } from '@/lib/db';

export async function resetDatabase(): Promise<void> {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  const list = tables.map((t) => `"public"."${t.tablename}"`).join(', ');
  if (list) await db.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
  await db.$executeRawUnsafe(`DELETE FROM graphile_worker._private_jobs`);
  await db.$executeRawUnsafe(`DELETE FROM graphile_worker._private_job_queues`);
}
