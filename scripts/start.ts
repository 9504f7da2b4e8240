// `npm start`: the whole product on its embedded defaults, in one command.
// Starts (or reuses) the database, migrates and seeds it, then runs the SAP
// simulator, the worker, the web console and the plant simulator as child
// processes, and stops everything it started on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { childEnv, getEnv } from '@/lib/env';
import { prepareDatabase } from '@/lib/database/prepare-database';

const HELP = `Usage: npm start -- [options]

Runs Interlock with everything it needs:
  - PostgreSQL: embedded (data in .data/pg), or the server in DATABASE_URL
  - migrations and the demo seed (plant 1710, demo users)
  - the SAP S/4HANA simulator (http://127.0.0.1:4010, new orders every 20 s)
  - the background worker (ERP sync, postings, re-checks, retraining into shadow)
  - model files in .data/models (the shipped models/ files it lacks are copied there)
  - the console (http://localhost:3000), built on first start
  - the plant simulator (Ignition events every 2 s)

Options:
  --port <n>             console port (default PORT or 3000)
  --erp-port <n>         SAP simulator port (default ERP_SIM_PORT or 4010)
  --no-plant-sim         do not run the plant simulator
  --no-demo-orders       the SAP simulator creates no orders by itself
  --order-interval <ms>  a new SAP order every <ms> (default 20000)
  --sync-interval <ms>   ERP poll interval (default ERP_SYNC_INTERVAL_MS or 10000)
  --rebuild              rebuild the console even if a build exists
  --quiet                only print the start-up summary and errors
  -h, --help             this help`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    port: { type: 'string' },
    'erp-port': { type: 'string' },
    'no-plant-sim': { type: 'boolean', default: false },
    'no-demo-orders': { type: 'boolean', default: false },
    'order-interval': { type: 'string', default: '20000' },
    'sync-interval': { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const t0 = Date.now();
const env = getEnv();
const port = Number(values.port ?? env.PORT);
const erpPort = Number(values['erp-port'] ?? env.ERP_SIM_PORT);
const syncInterval = Number(values['sync-interval'] ?? env.ERP_SYNC_INTERVAL_MS);
const dataDir = path.resolve(env.DATA_DIR);
const log = (line: string) => console.log(`[start] ${line}`);
const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

async function stopAll(code: number, embeddedStop?: () => Promise<void>): Promise<never> {
  // npm, tsx and the terminal may each deliver the same Ctrl-C: stopping is
  // already bounded (SIGKILL after 5 s per child), so later signals just wait.
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  log('stopping…');
  for (const { name, child } of [...children].reverse()) {
    if (child.exitCode === null && child.pid) {
      try {
        // Each child runs in its own process group: end the group (next start forks next-server).
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      log(`${name} stopped`);
    }
  }
  if (embeddedStop) await embeddedStop();
  process.exit(code);
}

function run(name: string, command: string, args: string[], extraEnv: Record<string, string>, options: { quiet?: boolean } = {}): ChildProcess {
  const child = spawn(command, args, { env: childEnv(extraEnv), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}] `;
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream, always: boolean) => {
    let buf = '';
    stream?.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      if (always || !options.quiet) for (const l of lines) if (l.trim()) out.write(prefix + l + '\n');
    });
  };
  pipe(child.stdout, process.stdout, false);
  pipe(child.stderr, process.stderr, true);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping everything.`);
      void stopAll(1, dbHandle.stop);
    }
  });
  children.push({ name, child });
  return child;
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'generated') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function waitFor(url: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

// Filled once the database is up; the signal handlers need it from the start.
const dbHandle: { stop?: () => Promise<void> } = {};
process.on('SIGINT', () => void stopAll(0, dbHandle.stop));
process.on('SIGTERM', () => void stopAll(0, dbHandle.stop));
// A crash of this script must not leave the children and the database running.
process.on('uncaughtException', (e) => {
  console.error('[start] failed:', e);
  void stopAll(1, dbHandle.stop);
});
process.on('unhandledRejection', (e) => {
  console.error('[start] failed:', e);
  void stopAll(1, dbHandle.stop);
});

mkdirSync(dataDir, { recursive: true });
// The running product writes model versions (scheduled retraining): keep them in the data folder, out of
// the git tree, seeded with the shipped files it lacks (never overwriting, so a promotion made here stays).
// A MODELS_DIR set elsewhere is used as it is.
const shippedModels = path.resolve('models');
const modelsDir = path.resolve(env.MODELS_DIR) === shippedModels ? path.join(dataDir, 'models') : path.resolve(env.MODELS_DIR);
if (modelsDir !== shippedModels && existsSync(shippedModels)) {
  mkdirSync(modelsDir, { recursive: true });
  const copied = readdirSync(shippedModels).filter((name) => !existsSync(path.join(modelsDir, name)));
  for (const name of copied) copyFileSync(path.join(shippedModels, name), path.join(modelsDir, name));
  if (copied.length) log(`copied ${copied.length} model file(s) from models/ to ${path.relative(process.cwd(), modelsDir)}`);
}
// A secret per installation, kept across restarts so sessions survive them.
const secretFile = path.join(dataDir, 'nextauth-secret');
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
const secret = env.NEXTAUTH_SECRET ?? readFileSync(secretFile, 'utf8').trim();

const database = await prepareDatabase({ databaseUrl: env.DATABASE_URL, dataDir, log });
dbHandle.stop = database.embedded?.stop;

// Seed in-process: idempotent, and it keeps a gateway key for the plant simulator.
const { createPrismaClient } = await import('@/lib/db');
const { seedPlant, seedDemoUsers, createGatewayKey, createGatewaySecret, DEMO_USERS, DEMO_PASSWORD } = await import('@/prisma/seed-factories');
const db = createPrismaClient(database.url);
await seedPlant(db);
await seedDemoUsers(db);
const keyFile = path.join(dataDir, 'gateway-key.txt');
let gatewayKey = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '';
const { parseApiKey } = await import('@/lib/auth/api-key-format');
const parsedKey = gatewayKey ? parseApiKey(gatewayKey) : null;
if (!parsedKey || !(await db.apiKey.findUnique({ where: { prefix: parsedKey.prefix } }))) {
  gatewayKey = await createGatewayKey(db, { name: 'Demo gateway ign-gw-01', gateway: 'ign-gw-01', siteIds: ['1710'] });
  writeFileSync(keyFile, gatewayKey + '\n', { mode: 0o600 });
  log(`created a gateway API key in ${path.relative(process.cwd(), keyFile)}`);
}
// The gateway's event-signing and launch-token secrets: kept in .data across restarts and
// (re)sealed under this installation's NEXTAUTH_SECRET on every start.
const dataFile = (name: string) => path.join(dataDir, name);
const readSecret = (name: string) => (existsSync(dataFile(name)) ? readFileSync(dataFile(name), 'utf8').trim() || undefined : undefined);
const gatewaySecrets = await createGatewaySecret(db, {
  gatewayId: 'ign-gw-01',
  name: 'Demo gateway ign-gw-01',
  siteIds: ['1710'],
  masterSecret: secret,
  signingSecret: readSecret('gateway-secret.txt'),
  launchSecret: readSecret('gateway-launch-secret.txt'),
});
writeFileSync(dataFile('gateway-secret.txt'), gatewaySecrets.signingSecret + '\n', { mode: 0o600 });
writeFileSync(dataFile('gateway-launch-secret.txt'), gatewaySecrets.launchSecret + '\n', { mode: 0o600 });
await db.$disconnect();
log('demo plant and users seeded');

const appUrl = `http://localhost:${port}`;
const erpUrl = `http://127.0.0.1:${erpPort}`;
const common = {
  DATABASE_URL: database.url,
  NEXTAUTH_SECRET: secret,
  NEXTAUTH_URL: env.NEXTAUTH_URL === 'http://localhost:3000' ? appUrl : env.NEXTAUTH_URL,
  SAP_BASE_URL: erpUrl,
  NEXT_TELEMETRY_DISABLED: '1',
  MODELS_DIR: modelsDir,
};
const tsx = path.resolve('node_modules/.bin/tsx');
// Our server-side modules import 'server-only'; outside Next it resolves to its
// no-op build under the react-server condition.
const tsxServer = [tsx, '--conditions=react-server'] as const;
const nextBin = path.resolve('node_modules/next/dist/bin/next');

const erpArgs = ['scripts/erp-simulator.ts', '--port', String(erpPort), '--user', env.SAP_USER, '--password', env.SAP_PASSWORD, '--client', env.SAP_CLIENT, '--state-file', path.join(dataDir, 'erp-sim.json')];
if (!values['no-demo-orders']) erpArgs.push('--demo', '--order-interval', values['order-interval']!);
run('sap-sim', tsx, erpArgs, common, { quiet: values.quiet });
if (!(await waitFor(`${erpUrl}/_sim/stats`, 20_000))) {
  console.error(`[start] the SAP simulator did not come up on ${erpUrl}`);
  await stopAll(1, dbHandle.stop);
}
log(`SAP simulator on ${erpUrl}`);

// Without the demo, the simulator holds no master data: mirroring it would empty the seeded plant.
const masterDataArgs = values['no-demo-orders'] ? ['--master-data-interval', '0'] : [];
run('worker', tsxServer[0], [tsxServer[1], 'scripts/worker.ts', '--sync-interval', String(syncInterval), ...masterDataArgs], common, { quiet: values.quiet });
run('mqtt-ingest', tsxServer[0], [tsxServer[1], 'scripts/ingest-mqtt.ts'], common, { quiet: values.quiet }); // retries the broker with backoff; never exits for its absence

const buildId = path.resolve('.next/BUILD_ID');
const sourcesChanged = !existsSync(buildId) || ['app', 'components', 'lib', 'next.config.ts'].some((d) => newestMtime(path.resolve(d)) > statSync(buildId).mtimeMs);
if (values.rebuild || sourcesChanged) {
  log('building the console (first start or sources changed)…');
  const tb = Date.now();
  const build = spawn(process.execPath, [nextBin, 'build'], { env: childEnv({ ...common, NODE_ENV: 'production' }), stdio: values.quiet ? 'ignore' : 'inherit', detached: true });
  children.push({ name: 'build', child: build });
  const code = await new Promise<number>((r) => build.on('exit', (c) => r(c ?? 1)));
  children.splice(children.findIndex((c) => c.child === build), 1);
  if (code !== 0) {
    console.error('[start] next build failed');
    await stopAll(1, dbHandle.stop);
  }
  log(`console built in ${((Date.now() - tb) / 1000).toFixed(1)} s`);
}
run('web', process.execPath, [nextBin, 'start', '-p', String(port)], { ...common, NODE_ENV: 'production' }, { quiet: true });
if (!(await waitFor(`${appUrl}/api/health`, 60_000))) {
  console.error(`[start] the console did not answer on ${appUrl}`);
  await stopAll(1, dbHandle.stop);
}

if (!values['no-plant-sim']) {
  run('plant-sim', tsx, ['scripts/simulate-plant.ts', '--url', appUrl, '--key-file', keyFile, '--secret-file', dataFile('gateway-secret.txt'), '--interval', '2000'], common, { quiet: values.quiet });
}

console.log(`
  Interlock is running (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)

  Console        ${appUrl}
  SAP simulator  ${erpUrl}  (OData: /sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV/)
  Models         ${path.relative(process.cwd(), modelsDir) || '.'}
  Database       ${database.embedded ? `embedded PostgreSQL, data in ${path.relative(process.cwd(), dataDir)}/pg` : 'DATABASE_URL'}
  Gateway key    ${path.relative(process.cwd(), keyFile)}  (Bearer key for /api/ignition/events and /api/v1/feasibility/check)
  Gateway secrets ${path.relative(process.cwd(), dataFile('gateway-secret.txt'))} (signs event batches), ${path.relative(process.cwd(), dataFile('gateway-launch-secret.txt'))} (launch tokens; docs/ignition)

  Demo logins (password: ${DEMO_PASSWORD})
${DEMO_USERS.map((u) => `    ${u.email.padEnd(30)} ${u.role}`).join('\n')}

  Ctrl-C stops everything.
`);
