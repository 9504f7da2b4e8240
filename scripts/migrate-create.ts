// Creates a new migration from the change between the last migration's schema
// snapshot and prisma/schema.prisma, using Prisma's schema engine compiled to
// WebAssembly (the native engine cannot be downloaded on our machines).
// The output is a standard prisma/migrations/<timestamp>_<name>/migration.sql.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const HELP = `Usage: npm run db:migration -- <name>

Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
takes the database from the last migration's schema to prisma/schema.prisma,
and updates prisma/migrations/schema.snapshot.prisma. The engine needs a
reachable PostgreSQL (DATABASE_URL, default the local server); it changes nothing there.`;

const name = process.argv[2];
if (!name || name === '--help' || name === '-h') {
  console.log(HELP);
  process.exit(name ? 0 : 1);
}
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('The migration name must be lower-case letters, digits and underscores.');
  process.exit(1);
}

const migrationsDir = path.resolve('prisma/migrations');
const snapshotPath = path.join(migrationsDir, 'schema.snapshot.prisma');
const schema = readFileSync('prisma/schema.prisma', 'utf8');

const require = createRequire(import.meta.url);
const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
const bg = await import(bgPath);
const { instance } = await WebAssembly.instantiate(readFileSync(bgPath.replace(/\.js$/, '.wasm')), {
  './schema_engine_bg.js': bg,
});
bg.__wbg_set_wasm(instance.exports);
(instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();

// The engine connects to a database even for a schema-to-schema diff (it reads
// nothing from it): any reachable PostgreSQL will do.
const connectionString = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
const engine = await bg.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, adapter);
const from = existsSync(snapshotPath)
  ? { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: readFileSync(snapshotPath, 'utf8') }] }
  : { tag: 'empty' };
const result = await engine.diff({
  from,
  to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
const sql: string = result.stdout ?? '';
if (!sql.trim() || /^-- This is an empty migration\.?\s*$/.test(sql.trim())) {
  console.log('No schema change: no migration written.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql);
writeFileSync(snapshotPath, schema);
if (!existsSync(path.join(migrationsDir, 'migration_lock.toml'))) {
  writeFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
}
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
process.exit(0);
