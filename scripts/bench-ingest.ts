// Plant-event ingest under sustained load, over HTTP and over MQTT (plain
// JSON), next to the ceiling of plain batched inserts into the same PostgreSQL
// measured in the same run. The bench starts what it measures itself, on a
// fresh database: the production Next server (`next start`, so the real route
// and wrapper), the ingest-mqtt process and the worker, as `npm start` runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { childEnv, getEnv } from '@/lib/env';
import { startEmbeddedPostgres } from '@/lib/database/embedded';
import { migrateDatabase } from '@/lib/database/migrate';
import { SIGNATURE_HEADER, signBatch } from '@/lib/ignition/http/sign-batch';
import { JsonEventPublisher } from '@/lib/ignition/mqtt/json-publisher';

const HELP = `Usage: npm run bench:ingest -- [options]

Starts, on a fresh database (DATABASE_URL's server, or an embedded PostgreSQL):
the console with \`next start\` (built first when sources changed), the worker
and the MQTT ingest (scripts/ingest-mqtt.ts). Then offers plant events at
--rate for --seconds over each transport and prints: events/s stored,
event→state-updated latency (median, p95, p99: from handing a batch to
fetch/publish until a poll of the state rows, every 20 ms, shows the event
applied), and whether every event sent was stored; next to the ceiling:
INSERT … SELECT FROM jsonb_to_recordset of the same rows, 1,000 a statement,
no processing, into the same PostgreSQL.

Options:
  --seconds <n>         load duration per transport (default 60)
  --rate <events/s>     offered load (default 2000)
  --batch <n>           events per HTTP request / MQTT message (default 100)
  --transports <list>   http,mqtt (default both)
  --work-centers <n>    extra work centers the load reports on (default 40)
  --materials <n>       extra line-side materials the load scans (default 200)
  --warmup <s>          load before each measured run, not counted (default 5)
  --ceiling-seconds <n> duration of the plain-insert ceiling (default 10)
  --max-inflight <n>    HTTP requests / MQTT messages in flight before the sender waits (default 32)
  --drain-timeout <s>   wait for the backlog after the load (default 120)
  --port <n>            port of the bench's console (default 3200)
  -h, --help            this help`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '100' },
    transports: { type: 'string', default: 'http,mqtt' },
    'work-centers': { type: 'string', default: '40' },
    materials: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '5' },
    'ceiling-seconds': { type: 'string', default: '10' },
    'max-inflight': { type: 'string', default: '32' },
    'drain-timeout': { type: 'string', default: '120' },
    port: { type: 'string', default: '3200' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const num = (k: keyof typeof values) => Number(values[k]);
const SECONDS = num('seconds');
const RATE = num('rate');
const BATCH = num('batch');
const WCS = num('work-centers');
const MATS = num('materials');
const CEILING_S = num('ceiling-seconds');
const WARMUP_S = num('warmup');
const MAX_INFLIGHT = num('max-inflight');
const DRAIN_S = num('drain-timeout');
const PORT = num('port');
const TRANSPORTS = values.transports!.split(',').map((s) => s.trim());
if (![SECONDS, RATE, BATCH, WCS, MATS, CEILING_S, MAX_INFLIGHT, DRAIN_S, PORT].every((x) => Number.isFinite(x) && x > 0) || !(WARMUP_S >= 0) || BATCH > 1000 || TRANSPORTS.some((t) => t !== 'http' && t !== 'mqtt')) {
  console.error('Options must be positive numbers, --batch ≤ 1000, --transports a list of http and mqtt.');
  process.exit(2);
}

const log = (l: string) => console.error(`[bench] ${l}`);
const RUN = `${process.pid}${Date.now().toString(36)}`;
const PREFIX = `bench-${RUN}/`;
const MQTT_GATEWAY = 'bench-mqtt';
const HTTP_GATEWAY = 'bench-gw';
const env = getEnv();
const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;
let stopEmbedded: (() => Promise<void>) | null = null;
let dropDatabase: (() => Promise<void>) | null = null;

async function cleanup() {
  stopping = true;
  for (const { child } of [...children].reverse()) {
    if (child.exitCode !== null || !child.pid) continue;
    try {
      // Own process group: next start forks next-server.
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise<void>((r) => {
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
        r();
      }, 15_000);
      child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
  if (dropDatabase) await dropDatabase().catch(() => undefined);
  if (stopEmbedded) await stopEmbedded();
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

function run(name: string, command: string, args: string[], extraEnv: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: childEnv(extraEnv) });
  let buf = '';
  child.stderr?.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) if (l.trim()) process.stderr.write(`[${name}] ${l}\n`);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}) before the bench finished`);
      void cleanup().then(() => process.exit(1));
    }
  });
  children.push({ name, child });
  return child;
}

async function waitFor(fn: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await fn().catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  if (!statSync(p).isDirectory()) return statSync(p).mtimeMs;
  let newest = 0;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'generated') continue;
    newest = Math.max(newest, newestMtime(path.join(p, e.name)));
  }
  return newest;
}

// ───────────── the stack ─────────────
let serverUrl = env.DATABASE_URL;
if (!serverUrl) {
  const e = await startEmbeddedPostgres({ dataDir: path.resolve('.data/bench-ingest-pg'), port: 54379, ownSignals: true });
  serverUrl = e.url;
  stopEmbedded = e.stop;
}
const dbName = `interlock_bench_ingest_${RUN}`;
{
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  };
}
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
log(`database ${dbName} on ${env.DATABASE_URL ? "DATABASE_URL's server" : 'an embedded PostgreSQL'}`);
await migrateDatabase(dbUrl);
const masterSecret = randomBytes(32).toString('hex');
const { key, secret } = await (async () => {
  const { createPrismaClient } = await import('@/lib/db');
  const { seedPlant, createGatewayKey, createGatewaySecret } = await import('@/prisma/seed-factories');
  const db = createPrismaClient(dbUrl);
  await seedPlant(db);
  const k = await createGatewayKey(db, { name: 'Bench gateway', gateway: HTTP_GATEWAY, siteIds: ['1710'] });
  const s = await createGatewaySecret(db, { gatewayId: HTTP_GATEWAY, siteIds: ['1710'], masterSecret });
  await db.$disconnect();
  return { key: k, secret: s.signingSecret };
})();

const nextBin = path.resolve('node_modules/next/dist/bin/next');
const buildId = path.resolve('.next/BUILD_ID');
const stale = !existsSync(buildId) || ['app', 'components', 'lib', 'next.config.ts'].some((d) => newestMtime(path.resolve(d)) > statSync(buildId).mtimeMs);
if (TRANSPORTS.includes('http') && stale) {
  log('building the console (sources changed since the last build)…');
  const build = spawn(process.execPath, [nextBin, 'build'], { stdio: ['ignore', 'ignore', 'inherit'], env: childEnv({ NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' }) });
  const code = await new Promise<number>((r) => build.on('exit', (c) => r(c ?? 1)));
  if (code !== 0) {
    log('next build failed: the HTTP figures need a production build of the current tree (or run with --transports mqtt)');
    await cleanup();
    process.exit(1);
  }
}
const appUrl = `http://localhost:${PORT}`;
const common = { DATABASE_URL: dbUrl, NEXTAUTH_SECRET: masterSecret, NEXTAUTH_URL: appUrl, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' };
const tsx = path.resolve('node_modules/.bin/tsx');
if (TRANSPORTS.includes('http')) run('web', process.execPath, [nextBin, 'start', '-p', String(PORT)], { ...common, NODE_ENV: 'production' });
run('worker', tsx, ['--conditions=react-server', 'scripts/worker.ts', '--sync-interval', '0'], common);
if (TRANSPORTS.includes('mqtt')) {
  run('mqtt-ingest', tsx, ['--conditions=react-server', 'scripts/ingest-mqtt.ts', '--no-sparkplug'], {
    ...common,
    MQTT_TOPIC_PREFIX: PREFIX,
    MQTT_CLIENT_ID: `bench-ingest-${RUN}`,
    MQTT_GATEWAY,
  });
}
if (TRANSPORTS.includes('http')) {
  await waitFor(async () => (await fetch(`${appUrl}/api/health`)).ok, 120_000, 'the console');
  log(`console up on ${appUrl}`);
}

const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
// Idle connections are ended when the stack stops the database: not an error of the bench.
pool.on('error', (e) => log(`database connection: ${e.message}`));

// A bigger floor than the demo's: the load spreads over these keys.
const { rows: lines } = await pool.query<{ id: string; code: string }>(`SELECT id, code FROM "Line" WHERE "siteId" = '1710' ORDER BY code`);
await pool.query(
  `INSERT INTO "WorkCenter" (id, "siteId", "lineId", code, name, "ratePerHour")
   SELECT 'bench-wc-' || g, '1710', CASE WHEN g % 2 = 0 THEN $1 ELSE $2 END, 'WC-BENCH-' || lpad(g::text, 3, '0'), 'Bench cell ' || g, 100
   FROM generate_series(1, $3::int) g`,
  [lines[0].id, lines[1].id, WCS],
);
await pool.query(
  `INSERT INTO "Material" (id, "siteId", code, description, uom)
   SELECT 'bench-mat-' || g, '1710', 'MAT-BENCH-' || lpad(g::text, 3, '0'), 'Bench part ' || g, 'EA' FROM generate_series(1, $1::int) g`,
  [MATS],
);
await pool.query(
  `INSERT INTO "StockLevel" (id, "siteId", "materialId", location, quantity, uom, batch, "eventTs", "updatedAt")
   SELECT 'bench-stock-' || g, '1710', 'bench-mat-' || g, 'LINESIDE:L1', 1000, 'EA', '', now(), now() FROM generate_series(1, $1::int) g`,
  [MATS],
);
const wcCodes = Array.from({ length: WCS }, (_, i) => `WC-BENCH-${String(i + 1).padStart(3, '0')}`);
const matCodes = Array.from({ length: MATS }, (_, i) => `MAT-BENCH-${String(i + 1).padStart(3, '0')}`);

// ───────────── the load ─────────────
type BenchEvent = Record<string, unknown> & { id: string; type: string; ts: string; site: string };
const TYPES = ['inventory_scan', 'oee_snapshot', 'machine_state'] as const;

/** Event time runs 1 ms per event from a base after anything stored: every event is newer than the state it updates. */
function makeGenerator(prefix: string, baseMs: number) {
  let i = 0;
  let batchNo = 0;
  return {
    nextBatch(size: number): { type: string; events: BenchEvent[] } {
      const type = TYPES[batchNo++ % TYPES.length];
      const events: BenchEvent[] = [];
      for (let k = 0; k < size; k++) {
        const n = i++;
        const base = { id: `${prefix}-${n}`, ts: new Date(baseMs + n).toISOString(), site: '1710' };
        if (type === 'inventory_scan') events.push({ ...base, type, material: matCodes[n % MATS], location: 'LINESIDE:L1', quantity: 1000 - (n % 900), uom: 'EA' });
        else if (type === 'oee_snapshot') events.push({ ...base, type, work_center: wcCodes[n % WCS], availability: 0.9, performance: 0.8 + (n % 10) / 100, quality: 0.99 });
        else events.push({ ...base, type, work_center: wcCodes[n % WCS], state: n % 2 ? 'RUNNING' : 'IDLE' });
      }
      return { type, events };
    },
  };
}

/** Latency: which state row each event updates, and when we saw that row reach the event's time. */
function stateKey(e: BenchEvent): string {
  if (e.type === 'inventory_scan') return `sc:${e.material as string}`;
  return `${e.type === 'oee_snapshot' ? 'oee' : 'ms'}:${e.work_center as string}`;
}

class LatencyWatcher {
  private readonly pending = new Map<string, { ts: number; sentAt: number }[]>();
  readonly latencies: number[] = [];
  private outstanding = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private polling = false;

  track(events: BenchEvent[], sentAt: number) {
    for (const e of events) {
      const k = stateKey(e);
      const list = this.pending.get(k) ?? [];
      list.push({ ts: Date.parse(e.ts), sentAt });
      this.pending.set(k, list);
      this.outstanding++;
    }
  }

  get remaining() {
    return this.outstanding;
  }

  start() {
    const tick = async () => {
      if (!this.polling) return;
      await this.poll().catch((e: Error) => log(`watcher: ${e.message}`));
      this.timer = setTimeout(tick, 20);
    };
    this.polling = true;
    void tick();
  }

  stop() {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
  }

  private async poll() {
    const [wc, stock] = await Promise.all([
      pool.query<{ code: string; st: Date | null; ot: Date | null }>(
        `SELECT w.code, s."stateTs" AS st, s."oeeTs" AS ot FROM "WorkCenterState" s JOIN "WorkCenter" w ON w.id = s."workCenterId" WHERE w.id LIKE 'bench-wc-%'`,
      ),
      pool.query<{ code: string; et: Date }>(`SELECT m.code, s."eventTs" AS et FROM "StockLevel" s JOIN "Material" m ON m.id = s."materialId" WHERE s.id LIKE 'bench-stock-%'`),
    ]);
    const now = performance.now();
    const settle = (k: string, seen: Date | null) => {
      const list = this.pending.get(k);
      if (!list || !seen) return;
      const t = seen.getTime();
      let n = 0;
      while (n < list.length && list[n].ts <= t) {
        this.latencies.push(now - list[n].sentAt);
        n++;
      }
      if (n) {
        list.splice(0, n);
        this.outstanding -= n;
      }
    };
    for (const r of wc.rows) {
      settle(`ms:${r.code}`, r.st);
      settle(`oee:${r.code}`, r.ot);
    }
    for (const r of stock.rows) settle(`sc:${r.code}`, r.et);
  }
}

const quantile = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function countStored(gateway: string, idPrefix: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "PlantEvent" WHERE gateway = $1 AND "sourceId" LIKE $2`, [gateway, `${idPrefix}-%`]);
  return Number(rows[0].n);
}

interface PhaseResult {
  name: string;
  sent: number;
  stored: number;
  sendRate: number;
  storedRate: number;
  drainS: number;
  latencies: number[];
  errors: number;
}

let tsBase = Date.now() + 3_600_000;

async function runPhase(name: string, gateway: string, send: (batch: { type: string; events: BenchEvent[] }) => Promise<boolean>, seconds = SECONDS): Promise<PhaseResult> {
  const idPrefix = `bench-${name}-${RUN}`;
  const gen = makeGenerator(idPrefix, tsBase);
  tsBase += RATE * seconds * 4 + 3_600_000;
  const watcher = new LatencyWatcher();
  watcher.start();
  log(`${name}: ${RATE} events/s in batches of ${BATCH} for ${seconds} s…`);
  let sent = 0;
  let errors = 0;
  let inflight = 0;
  let owed = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const storedAtStart = await countStored(gateway, idPrefix);
  let lastReport = t0;
  const sends: Promise<void>[] = [];
  // Slots of 50 ms; a slot that overruns (the server pushing back through
  // --max-inflight) is caught up later, so the achieved rate is what is printed.
  while (performance.now() < end) {
    const slotStart = performance.now();
    owed += (RATE * 50) / 1000;
    while (owed >= BATCH) {
      owed -= BATCH;
      while (inflight >= MAX_INFLIGHT) await new Promise((r) => setTimeout(r, 2));
      const batch = gen.nextBatch(BATCH);
      inflight++;
      const sentAt = performance.now();
      watcher.track(batch.events, sentAt);
      sent += batch.events.length;
      const p = send(batch)
        .then((ok) => {
          if (!ok) errors++;
        })
        .catch((e: Error) => {
          errors++;
          if (errors < 5) log(`${name}: send failed: ${e.message}`);
        })
        .finally(() => inflight--);
      sends.push(p);
    }
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      log(`${name}: ${Math.round((lastReport - t0) / 1000)} s, ${sent} sent, ${watcher.remaining} not yet in state`);
    }
    const wait = slotStart + 50 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const sendEnd = performance.now();
  const storedInWindow = (await countStored(gateway, idPrefix)) - storedAtStart;
  await Promise.all(sends);
  const drainUntil = performance.now() + DRAIN_S * 1000;
  while (watcher.remaining > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  const drainS = (performance.now() - sendEnd) / 1000;
  watcher.stop();
  const stored = await countStored(gateway, idPrefix);
  log(`${name}: done; ${stored} of ${sent} stored, backlog drained in ${drainS.toFixed(1)} s`);
  return { name, sent, stored, sendRate: sent / ((sendEnd - t0) / 1000), storedRate: storedInWindow / ((sendEnd - t0) / 1000), drainS, latencies: watcher.latencies, errors };
}

// ───────────── the ceiling ─────────────
async function ceiling(): Promise<{ rate: number; rows: number }> {
  log(`ceiling: INSERT … SELECT FROM jsonb_to_recordset, 1,000 rows a statement, for ${CEILING_S} s…`);
  await pool.query(`CREATE TABLE bench_ceiling (LIKE "PlantEvent" INCLUDING ALL)`);
  const gen = makeGenerator(`ceiling-${RUN}`, tsBase);
  const client = await pool.connect();
  let rows = 0;
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < CEILING_S * 1000) {
      const { events } = gen.nextBatch(1000);
      const recs = events.map((e) => ({ sourceId: e.id, gateway: 'ceiling', type: e.type, ts: e.ts, siteId: e.site, payload: e }));
      // The same statement shape as the ingest's own insert, without anything else.
      const r = await client.query(
        `INSERT INTO bench_ceiling ("sourceId", "gateway", "type", "ts", "siteId", "payload")
         SELECT r."sourceId", r."gateway", r."type", (r."ts"::timestamptz AT TIME ZONE 'UTC'), r."siteId", r."payload"
         FROM jsonb_to_recordset($1::jsonb) AS r("sourceId" text, "gateway" text, "type" text, "ts" text, "siteId" text, "payload" jsonb)
         ON CONFLICT ("sourceId") DO NOTHING RETURNING "sourceId"`,
        [JSON.stringify(recs)],
      );
      rows += r.rowCount ?? 0;
    }
  } finally {
    client.release();
  }
  return { rate: rows / ((performance.now() - t0) / 1000), rows };
}

// ───────────── run ─────────────
const results: PhaseResult[] = [];
let ceil: { rate: number; rows: number } = { rate: NaN, rows: 0 };
try {
  ceil = await ceiling();
  log(`ceiling: ${Math.round(ceil.rate)} rows/s`);

  // Each transport: a warm-up run (JIT, connection pools, the route's first load), not counted, then the measured run.
  const measure = async (name: string, gateway: string, send: (batch: { type: string; events: BenchEvent[] }) => Promise<boolean>) => {
    if (WARMUP_S > 0) await runPhase(`${name}-warmup`, gateway, send, WARMUP_S);
    results.push(await runPhase(name, gateway, send));
  };

  if (TRANSPORTS.includes('http')) {
    const endpoint = `${appUrl}/api/ignition/events`;
    await measure('http', HTTP_GATEWAY, async (batch) => {
      const body = JSON.stringify({ gateway: HTTP_GATEWAY, events: batch.events });
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, [SIGNATURE_HEADER]: signBatch(body, secret) },
        body,
      });
      const text = await res.text();
      if (res.status !== 202) log(`http: ${res.status} ${text.slice(0, 200)}`);
      return res.status === 202;
    });
  }

  if (TRANSPORTS.includes('mqtt')) {
    const pub = new JsonEventPublisher({ url: env.MQTT_URL, prefix: PREFIX, clientId: `bench-pub-${RUN}` });
    await pub.connect();
    // The ingest process is up once a probe event comes through.
    await pub.publishRaw(`${PREFIX}ignition/1710/events/oee_snapshot`, JSON.stringify({ id: `probe-${RUN}`, type: 'oee_snapshot', ts: new Date().toISOString(), site: '1710', work_center: 'WC-ASSY-05', availability: 1, performance: 1, quality: 1 }));
    await waitFor(async () => (await pool.query(`SELECT 1 FROM "PlantEvent" WHERE "sourceId" = $1`, [`probe-${RUN}`])).rowCount === 1, 120_000, 'the MQTT ingest');
    await measure('mqtt', MQTT_GATEWAY, async (batch) => {
      await pub.publish(batch.events, BATCH);
      return true;
    });
    await pub.end();
  }
} finally {
  stopping = true;
  await pool.end();
  await cleanup();
}

// ───────────── report ─────────────
const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
console.log(`\nIngest bench: offered ${RATE} events/s for ${SECONDS} s per transport, ${BATCH} events per request/message; ${WCS} work centers, ${MATS} line-side bins + the demo plant`);
console.log(`${'transport'.padEnd(12)} ${'sent/s'.padStart(8)} ${'stored/s'.padStart(9)} ${'drain s'.padStart(8)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  in = stored`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(12)} ${f(r.sendRate).padStart(8)} ${f(r.storedRate).padStart(9)} ${f(r.drainS, 1).padStart(8)} ${f(quantile(r.latencies, 0.5), 1).padStart(10)} ${f(quantile(r.latencies, 0.95), 1).padStart(8)} ${f(quantile(r.latencies, 0.99), 1).padStart(8)}  ${r.sent} = ${r.stored} ${r.sent === r.stored ? 'ok' : 'MISMATCH'}${r.errors ? ` (${r.errors} failed sends)` : ''}`,
  );
}
console.log(`${'ceiling'.padEnd(12)} ${''.padStart(8)} ${f(ceil.rate).padStart(9)}   (plain batched INSERT … jsonb_to_recordset, 1,000 rows/statement, one connection, ${ceil.rows} rows)`);
for (const r of results) console.log(`${r.name}: stored/s is ${((r.storedRate / ceil.rate) * 100).toFixed(1)} % of the ceiling (at the offered rate; raise --rate to find the transport's own limit)`);
process.exit(results.every((r) => r.sent === r.stored) ? 0 : 1);
