// Prisma CLI configuration. The datasource URL lives here (Prisma 7), and the
// native schema engine download is bypassed: see scripts/migrate-create.ts and
// lib/db/migrate.ts for how migrations are made and applied offline.
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'prisma/config';

if (existsSync('.env')) {
  for (const line of readFileSync('.env', 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2].replace(/^"|"$/g, '');
  }
}
// Any existing file satisfies the CLI for generate/validate/format (stack-notes.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('package.json');

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/interlock' },
});
