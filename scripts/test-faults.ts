// The fault-injection suite: many approved ERP actions posted by several
// worker processes through the SAP simulator (site 1710) and the Oracle
// simulator (site M1) while both inject every fault they know and workers are
// SIGKILLed at random moments. Afterwards every action must be in exactly one
// terminal state, and each simulator must hold exactly one effect per posted
// action and none without one.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { childEnv, resetEnvCache } from '@/lib/env';
import { createScratchDatabase } from '@/lib/database/scratch-database';
import { startSapSimulator } from '@/lib/erp/simulator/sap-simulator';
import { createRandom } from '@/lib/ml/random';
import { ORACLE_SIM_TOKEN_PATH, startOracleSimulator } from '@/lib/erp/simulator/oracle-simulator';

const HELP = `Usage: npm run test:faults -- [options]

Posts --postings approved ERP actions — half order releases, half goods issues
(movement 261, which SAP would happily post twice) — with --workers worker processes through
the SAP simulator, injecting latency, 5xx, 429 with Retry-After, connection
resets before and after commit, expired CSRF tokens and slow read-backs, and
SIGKILLing a random worker every --kill-every ms (then starting a new one).
A share of them (--oracle-share) goes to an Oracle site (M1) through the Oracle
simulator instead: work-order releases (status change with If-Match) and
work-order material issues, with the same faults and expired OAuth tokens.
Checks exactly-once afterwards and prints the counts. Exit code 1 on any
violation or if the postings do not settle within --timeout seconds.

Options:
  --postings <n>     approved actions to post (default 1000)
  --workers <n>      worker processes (default 2)
  --kill-every <ms>  SIGKILL a worker this often (default 1500)
  --timeout <s>      give up after this long (default 420)
  --oracle-share <x> share of the postings for the Oracle site, 0..1 (default 0.34)
  --seed <n>         fault schedule seed (default: random)
Uses DATABASE_URL's server (a fresh database, dropped afterwards) or an embedded PostgreSQL.`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    postings: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '2' },
    'kill-every': { type: 'string', default: '1500' },
    timeout: { type: 'string', default: '420' },
    'oracle-share': { type: 'string', default: '0.34' },
    seed: { type: 'string' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const N = Number(values.postings);
const WORKERS = Number(values.workers);
const KILL_EVERY = Number(values['kill-every']);
const TIMEOUT_S = Number(values.timeout);
if (![N, WORKERS, KILL_EVERY, TIMEOUT_S].every((x) => Number.isInteger(x) && x > 0)) {
  console.error('--postings, --workers, --kill-every and --timeout must be positive integers');
  process.exit(2);
}
const ORACLE_SHARE = Number(values['oracle-share']);
if (!Number.isFinite(ORACLE_SHARE) || ORACLE_SHARE < 0 || ORACLE_SHARE > 1) {
  console.error('--oracle-share must be a number from 0 to 1');
  process.exit(2);
}
const seed = values.seed ? Number(values.seed) : randomBytes(4).readUInt32LE();
// A reproducible fault schedule for a given --seed.
const rand = createRandom(seed).next;
const log = (line: string) => console.log(`[faults] ${line}`);
const t0 = Date.now();
log(`seed ${seed}`);

// ── database ──
const scratch = await createScratchDatabase({ name: `interlock_faults_${Date.now().toString(36)}`, embedded: { dataDir: '.data/faults-pg', port: 54359 } });
const databaseUrl = scratch.url;
const dbName = scratch.name;
process.env.DATABASE_URL = databaseUrl;
resetEnvCache();

const { db } = await import('@/lib/db');
const { seedPlant, seedDemoUsers } = await import('@/prisma/seed-factories');
const { queueErpPosting } = await import('@/lib/posting/queue-posting');
const { releaseProposal } = await import('@/lib/decisions/feasibility/proposed-actions');
const { recordAuditEvent } = await import('@/lib/audit/record-audit-event');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit-chain');
await seedPlant(db);
await seedDemoUsers(db, randomBytes(8).toString('hex'));

// ── SAP simulator ──
const sim = await startSapSimulator({ port: 0, orderIntervalMs: 0 });
log(`SAP simulator on ${sim.url}, database ${dbName}`);

// ── Oracle simulator: site M1, OAuth client credentials so that expired tokens are a fault too ──
const ORACLE_SITE = 'M1';
const oracleSecret = randomBytes(12).toString('hex');
const osim = await startOracleSimulator({ port: 0, user: 'INTERLOCK', password: oracleSecret });
log(`Oracle simulator on ${osim.url} (site ${ORACLE_SITE}, ${Math.round(ORACLE_SHARE * 100)} % of the postings)`);

// ── workers ──
const workerEnv = {
  DATABASE_URL: databaseUrl,
  SAP_BASE_URL: sim.url,
  SAP_TIMEOUT_MS: '1200',
  ORACLE_BASE_URL: osim.url,
  ORACLE_AUTH: 'oauth2',
  ORACLE_OAUTH_TOKEN_URL: `${osim.url}${ORACLE_SIM_TOKEN_PATH}`,
  ORACLE_OAUTH_CLIENT_ID: 'INTERLOCK',
  ORACLE_OAUTH_CLIENT_SECRET: oracleSecret,
  ORACLE_USER: 'INTERLOCK',
  ORACLE_PASSWORD: oracleSecret,
  ORACLE_TIMEOUT_MS: '1200',
  // Longer than the longest attempt: ~5 calls (CSRF or token fetch, read, post, retry) × the timeout.
  POSTING_LEASE_MS: '15000',
  POSTING_SWEEP_INTERVAL_MS: '1000',
  POSTING_RETRY_BASE_MS: '50',
  POSTING_RETRY_CAP_MS: '1000',
  POSTING_MAX_ATTEMPTS: '12',
  LOG_LEVEL: 'error',
};
const workers: (ChildProcess | null)[] = [];
const readyAt: number[] = [];
let kills = 0;
let stopping = false;
function startWorker(slot: number) {
  // Node itself with tsx's loader, not the tsx wrapper: SIGKILL must hit the worker, not a parent that leaves it orphaned.
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts', '--sync-interval', '0', '--master-data-interval', '0', '--no-model-sync', '--no-write-back', '--concurrency', '4'], {
    env: childEnv({ ...workerEnv, LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  readyAt[slot] = 0;
  child.stdout?.on('data', (d: Buffer) => {
    // A kill only counts once the worker is up and taking jobs: then it lands mid-work.
    if (!readyAt[slot] && d.toString().includes('worker started')) readyAt[slot] = Date.now();
  });
  child.stderr?.on('data', (d: Buffer) => {
    const text = d.toString().trim();
    if (text && !stopping && /Error|error/.test(text) && !/terminating connection|Connection terminated|posting will be retried|posting failed|warn /.test(text)) process.stderr.write(`[worker ${slot}] ${text.slice(0, 500)}\n`);
  });
  workers[slot] = child;
}
for (let i = 0; i < WORKERS; i++) startWorker(i);
// Whatever happens to this script, the workers it started go with it.
const killWorkers = () => {
  for (const w of workers) if (w?.pid && w.exitCode === null) w.kill('SIGKILL');
};
process.on('exit', killWorkers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killWorkers();
    void scratch.drop().finally(() => process.exit(130));
  });
}
process.on('uncaughtException', (e) => {
  console.error('[faults] failed:', e);
  killWorkers();
  process.exit(1);
});

// ── approvals: orders in the ERP and in the mirror, approved, their postings queued ──
const material = await db.material.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: 'VALVE-ASSY-55' } } });
const wc = await db.workCenter.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: 'WC-ASSY-05' } } });
// The Oracle site in the mirror: one line, the work center its work orders run on, the product.
await db.site.create({ data: { id: ORACLE_SITE, name: 'Fault suite Oracle plant', erpSystem: 'ORACLE' } });
const oracleLine = await db.line.create({ data: { siteId: ORACLE_SITE, code: 'ML1', name: 'Oracle line 1' } });
const oracleWc = await db.workCenter.create({ data: { siteId: ORACLE_SITE, lineId: oracleLine.id, code: 'WC-ASSY-05', name: 'Oracle assembly', ratePerHour: 40 } });
const oracleMaterial = await db.material.create({ data: { siteId: ORACLE_SITE, code: 'VALVE-ASSY-55', description: 'Valve assembly 55', uom: 'EA' } });
const firstOrder = 5_000_000;
const firstOracleOrder = 800_000;
const actor = { actorType: 'SYSTEM' as const, actorName: 'fault suite' };
// Enough component stock in SAP for every goods issue: a deficit would be a business refusal, not a fault.
sim.state.ledger.setStock({ material: 'VLV-55', plant: '1710', storageLocation: '171A', unit: 'EA', quantity: 10 * N });
osim.state.setOnhand({ organization: ORACLE_SITE, item: 'VLV-55', subinventory: 'Stores', lot: '', uom: 'Ea', quantity: 10 * N });
// Which postings go to Oracle: spread evenly over the run, so both systems are busy throughout.
// Within each system, every second action is a goods issue.
const plan = Array.from({ length: N }, (_, i) => Math.floor((i + 1) * ORACLE_SHARE) > Math.floor(i * ORACLE_SHARE));
const kindOf: boolean[] = [];
{
  let sapSeen = 0;
  let oracleSeen = 0;
  for (const oracle of plan) kindOf.push(oracle ? oracleSeen++ % 2 === 1 : sapSeen++ % 2 === 1);
}
type Approval = { siteId: string; erpOrderId: string; lineId: string; workCenterId: string; materialId: string; proposed: object; request: Record<string, unknown>; system: string };
function sapApproval(i: number, due: Date, goodsIssue: boolean): Approval {
  const erpOrderId = String(firstOrder + i);
  sim.state.createOrder({ id: erpOrderId, plant: '1710', material: 'VALVE-ASSY-55', quantity: 100, unit: 'EA', workCenter: 'WC-ASSY-05', plannedStart: new Date(), plannedEnd: due, released: goodsIssue, components: [] });
  const proposed = goodsIssue
    ? { system: 'SAP' as const, operation: 'GOODS_MOVEMENT' as const, method: 'POST', path: '/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader', description: `Goods issue 261 of 1 EA VLV-55 to order ${erpOrderId}` }
    : releaseProposal(erpOrderId);
  const request = goodsIssue
    ? { siteId: '1710', body: { kind: 'GOODS_ISSUE', order: erpOrderId, items: [{ material: 'VLV-55', quantity: 1, uom: 'EA', storageLocation: '171A' }] } }
    : { siteId: '1710', erpOrderId };
  return { siteId: '1710', erpOrderId, lineId: wc.lineId, workCenterId: wc.id, materialId: material.id, proposed, request, system: 'SAP' };
}
function oracleApproval(i: number, due: Date, goodsIssue: boolean): Approval {
  // At most 12 characters: the goods-issue request's order field is that long.
  const erpOrderId = `${ORACLE_SITE}-${firstOracleOrder + i}`;
  const wo = osim.config.workOrders;
  // A material issue needs a released work order with the operation it is issued to.
  osim.state.data.workOrders.push({
    id: osim.state.next('workOrder'),
    number: erpOrderId,
    organization: ORACLE_SITE,
    item: 'VALVE-ASSY-55',
    quantity: 100,
    uom: 'Ea',
    status: goodsIssue ? wo.releasedStatus : wo.unreleasedStatuses[0],
    plannedStart: new Date().toISOString(),
    plannedCompletion: due.toISOString(),
    version: 1,
    operations: [{ seq: 10, workCenter: 'WC-ASSY-05' }],
    materials: [{ id: osim.state.next('material'), item: 'VLV-55', quantity: 100, uom: 'Ea', subinventory: 'Stores', operationSeq: 10 }],
    createdAt: new Date().toISOString(),
  });
  const root = `/fscmRestApi/resources/${osim.config.apiVersion}`;
  const proposed = goodsIssue
    ? { system: 'ORACLE' as const, operation: 'GOODS_MOVEMENT' as const, method: 'POST', path: `${root}/${osim.config.materialTransactions.resource}`, description: `Material issue of 1 Ea VLV-55 to work order ${erpOrderId}, operation 10` }
    : { system: 'ORACLE' as const, operation: 'RELEASE_ORDER' as const, method: 'PATCH', path: `${root}/${wo.resource}/{id}`, description: `Release work order ${erpOrderId} in Oracle (status ${wo.releasedStatus}, with If-Match)` };
  const request = goodsIssue
    ? { siteId: ORACLE_SITE, body: { kind: 'GOODS_ISSUE', order: erpOrderId, items: [{ material: 'VLV-55', quantity: 1, uom: 'Ea', storageLocation: 'Stores', operation: '10' }] } }
    : { siteId: ORACLE_SITE, erpOrderId };
  return { siteId: ORACLE_SITE, erpOrderId, lineId: oracleWc.lineId, workCenterId: oracleWc.id, materialId: oracleMaterial.id, proposed, request, system: 'Oracle' };
}
async function approve(i: number) {
  const due = new Date(Date.now() + 48 * 3_600_000);
  const a = plan[i] ? oracleApproval(i, due, kindOf[i]) : sapApproval(i, due, kindOf[i]);
  const { siteId, erpOrderId, proposed, request } = a;
  // Generous waits: approvals compete with the workers for connections on a busy 2-core machine.
  await db.$transaction(async (tx) => {
    const order = await tx.productionOrder.create({ data: { siteId, erpOrderId, materialId: a.materialId, quantity: 100, uom: 'EA', workCenterId: a.workCenterId, dueDate: due, status: 'CREATED' } });
    const rec = await tx.recommendation.create({
      data: {
        type: 'ORDER_RELEASE', siteId, lineId: a.lineId, workCenterId: a.workCenterId, orderId: order.id, status: 'APPROVED', verdict: 'FEASIBLE', recommendedAction: 'RELEASE_ORDER',
        score: 0.95, confidence: 0.95, findings: [], evidence: { order: { erpOrderId } }, proposedAction: proposed as never, modelVersion: 'fault-suite', source: 'USER',
        summary: 'fault suite', impactAt: due, expiresAt: due, version: 2,
      },
    });
    const decision = await tx.decision.create({ data: { recommendationId: rec.id, outcome: 'APPROVE', actorName: 'fault suite', signatureMeaning: `Approve: release order ${erpOrderId} to ${a.system}`, recommendationVersion: 1 } });
    await recordAuditEvent(tx, { actor, action: 'recommendation.approved', entityType: 'Recommendation', entityId: rec.id, siteId, data: { decisionId: decision.id } });
    await queueErpPosting(tx, { recommendationId: rec.id, decisionId: decision.id, siteId, proposed: proposed as never, request, actor });
  }, { maxWait: 30_000, timeout: 60_000 });
}

// ── chaos: faults and kills while approvals keep arriving ──
const faultCounts: Record<string, number> = {};
const FAULTS: [string, () => void][] = [
  ['latency', () => sim.faults.set({ latencyMs: Math.floor(rand() * 700), latencyOn: 'any' })],
  ['http-500', () => sim.faults.set({ failNext: { count: 1 + Math.floor(rand() * 3), status: 500 } })],
  ['http-502', () => sim.faults.set({ failNext: { count: 1, status: 502, on: 'change' } })],
  ['http-503', () => sim.faults.set({ failNext: { count: 1 + Math.floor(rand() * 3), status: 503 } })],
  ['http-504', () => sim.faults.set({ failNext: { count: 1, status: 504, on: 'change' } })],
  ['http-429', () => sim.faults.set({ failNext: { count: 1 + Math.floor(rand() * 2), status: 429, retryAfter: 1 } })],
  ['reset-before-commit', () => sim.faults.set({ resetNext: { count: 1 + Math.floor(rand() * 2), when: 'before-commit' } })],
  ['reset-after-commit', () => sim.faults.set({ resetNext: { count: 1 + Math.floor(rand() * 2), when: 'after-commit' } })],
  ['csrf-expired', () => sim.faults.set({ expireCsrf: true })],
  ['slow-read-back', () => sim.faults.set({ latencyMs: 1500, latencyOn: 'read' })],
  ['calm', () => sim.faults.set({ latencyMs: 0 })],
];
// The Oracle simulator takes the same fault store; where SAP's CSRF tokens expire, Oracle's OAuth tokens do.
const oracleFaultCounts: Record<string, number> = {};
const ORACLE_FAULTS: [string, () => void][] = [
  ['latency', () => osim.faults.set({ latencyMs: Math.floor(rand() * 700), latencyOn: 'any' })],
  ['http-500', () => osim.faults.set({ failNext: { count: 1 + Math.floor(rand() * 3), status: 500 } })],
  ['http-502', () => osim.faults.set({ failNext: { count: 1, status: 502, on: 'change' } })],
  ['http-503', () => osim.faults.set({ failNext: { count: 1 + Math.floor(rand() * 3), status: 503 } })],
  ['http-504', () => osim.faults.set({ failNext: { count: 1, status: 504, on: 'change' } })],
  ['http-429', () => osim.faults.set({ failNext: { count: 1 + Math.floor(rand() * 2), status: 429, retryAfter: 1 } })],
  ['reset-before-commit', () => osim.faults.set({ resetNext: { count: 1 + Math.floor(rand() * 2), when: 'before-commit' } })],
  ['reset-after-commit', () => osim.faults.set({ resetNext: { count: 1 + Math.floor(rand() * 2), when: 'after-commit' } })],
  ['token-expired', () => osim.auth.revokeTokens()],
  ['slow-read-back', () => osim.faults.set({ latencyMs: 1500, latencyOn: 'read' })],
  ['calm', () => osim.faults.set({ latencyMs: 0 })],
];
// Oracle gets a fault on a share of the ticks that matches its share of the traffic, so
// that a call to either system meets faults about equally often (capped at every tick).
const oracleFaultRate = ORACLE_SHARE >= 0.5 ? 1 : ORACLE_SHARE / (1 - ORACLE_SHARE);
const faultTimer = setInterval(() => {
  const [name, apply] = FAULTS[Math.floor(rand() * FAULTS.length)];
  apply();
  faultCounts[name] = (faultCounts[name] ?? 0) + 1;
  if (rand() >= oracleFaultRate) return;
  const [oracleName, applyOracle] = ORACLE_FAULTS[Math.floor(rand() * ORACLE_FAULTS.length)];
  applyOracle();
  oracleFaultCounts[oracleName] = (oracleFaultCounts[oracleName] ?? 0) + 1;
}, 250);
// Each worker is SIGKILLed a random 0.2–2 × --kill-every after it is ready, one slot at a
// time, so kills land at every step of a posting (claimed, sending, recording) while the other worker keeps going.
const killAfter: number[] = Array.from({ length: WORKERS }, () => 0);
const killTimer = setInterval(() => {
  const now = Date.now();
  for (let slot = 0; slot < WORKERS; slot++) {
    if (!readyAt[slot]) continue;
    if (!killAfter[slot]) killAfter[slot] = readyAt[slot] + KILL_EVERY * (0.2 + rand() * 1.8);
    if (now >= killAfter[slot] && workers.every((w, i) => i === slot || readyAt[i])) {
      workers[slot]?.kill('SIGKILL');
      kills++;
      killAfter[slot] = 0;
      startWorker(slot);
      break;
    }
  }
}, 50);
const BATCH = 10;
for (let i = 0; i < N; i += BATCH) {
  await Promise.all(Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => approve(i + k)));
  if ((i / BATCH) % 20 === 0) log(`approved ${Math.min(i + BATCH, N)}/${N}`);
}

// ── wait for every posting to settle ──
const deadline = t0 + TIMEOUT_S * 1000;
let settledAt = 0;
let chaosStopped = false;
for (;;) {
  const open = await db.erpPosting.count({ where: { state: { notIn: ['POSTED', 'FAILED', 'ABANDONED'] } } });
  const posted = await db.erpPosting.count({ where: { state: 'POSTED' } });
  log(`${posted} posted, ${open} still open, ${kills} workers killed so far`);
  if (!chaosStopped && (posted >= 0.95 * N || open === 0 || Date.now() > deadline - 60_000)) {
    // Chaos through almost the whole run; the last few settle in calm, so the run ends.
    clearInterval(faultTimer);
    clearInterval(killTimer);
    sim.faults.clear();
    osim.faults.clear();
    chaosStopped = true;
    log('faults and kills stopped; draining');
  }
  if (open === 0) {
    settledAt = Date.now();
    break;
  }
  if (Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 2000));
}
clearInterval(faultTimer);
clearInterval(killTimer);
stopping = true;
for (const w of workers) if (w?.pid && w.exitCode === null) w.kill('SIGTERM');

// ── a person's retry ──
// A posting can run out of attempts while its last read-backs also fail: it is
// FAILED with its outcome unknown, and waits for a person. Here the script is
// that person, with the faults gone: each retry reads back first, so it must end
// POSTED if the ERP has the document (once) and stay without one otherwise.
const failedBeforeRetry = await db.erpPosting.findMany({ where: { state: 'FAILED' }, select: { id: true } });
if (failedBeforeRetry.length) {
  for (const [k, v] of Object.entries(workerEnv)) if (k !== 'LOG_LEVEL') process.env[k] = v;
  resetEnvCache();
  const { postErpAction } = await import('@/lib/posting/post-erp-action');
  for (const { id } of failedBeforeRetry) {
    await db.erpPosting.update({ where: { id }, data: { state: 'IN_DOUBT' } });
    await postErpAction(id);
  }
  log(`a person retried ${failedBeforeRetry.length} failed posting(s)`);
}

// ── verdict ──
const violations: string[] = [];
const postings = await db.erpPosting.findMany({ select: { id: true, state: true, request: true, attempts: true, operation: true, idempotencyKey: true, system: true } });
const byState: Record<string, number> = {};
for (const p of postings) byState[p.state] = (byState[p.state] ?? 0) + 1;
if (postings.length !== N) violations.push(`expected ${N} postings, found ${postings.length}`);
const orderOf = (p: { request: unknown }) => {
  const r = p.request as { erpOrderId?: string; body?: { order: string } };
  return r.erpOrderId ?? r.body!.order;
};
const docs = sim.state.ledger.documentStats();
const sapPostings = postings.filter((p) => p.system === 'SAP');
const oraclePostings = postings.filter((p) => p.system === 'ORACLE');
const expectedOracle = plan.filter(Boolean).length;
if (oraclePostings.length !== expectedOracle) violations.push(`expected ${expectedOracle} Oracle postings, found ${oraclePostings.length}`);
const postedRefs = new Set(sapPostings.filter((p) => p.state === 'POSTED' && p.operation === 'GOODS_MOVEMENT').map((p) => p.idempotencyKey));
const postedOrders = new Set(sapPostings.filter((p) => p.state === 'POSTED' && p.operation === 'RELEASE_ORDER').map(orderOf));
for (const p of postings) {
  const id = orderOf(p);
  if (!['POSTED', 'FAILED', 'ABANDONED'].includes(p.state)) violations.push(`posting ${p.id} (${p.operation}, order ${id}) ended ${p.state}`);
}
for (const p of sapPostings) {
  const id = orderOf(p);
  if (p.operation === 'GOODS_MOVEMENT') {
    const n = docs.byReference[p.idempotencyKey] ?? 0;
    if (p.state === 'POSTED' && n !== 1) violations.push(`goods issue ${p.idempotencyKey} (order ${id}): POSTED but SAP holds ${n} material documents for it`);
    if (p.state !== 'POSTED' && n !== 0) violations.push(`goods issue ${p.idempotencyKey} (order ${id}): ${p.state} but SAP holds ${n} material documents for it`);
    continue;
  }
  const calls = sim.state.stats.releaseCalls[id] ?? 0;
  const releases = sim.state.stats.releases[id] ?? 0;
  const released = sim.state.getOrder(id)?.released ?? false;
  if (p.state === 'POSTED' && (!released || releases !== 1 || calls !== 1)) violations.push(`order ${id}: POSTED but SAP shows released=${released}, ${releases} releases, ${calls} release calls`);
  if (p.state !== 'POSTED' && (released || calls > 0)) violations.push(`order ${id}: ${p.state} but SAP shows released=${released}, ${calls} release calls`);
}
for (const [id, n] of Object.entries(sim.state.stats.releaseCalls)) {
  if (n > 0 && !postedOrders.has(id)) violations.push(`SAP received a release for order ${id}, which has no posted action`);
}
for (const ref of Object.keys(docs.byReference)) {
  if (!postedRefs.has(ref)) violations.push(`SAP holds a material document with reference ${ref}, which has no posted action`);
}
if (docs.withoutReference > 0) violations.push(`SAP holds ${docs.withoutReference} documents without our reference`);

// Oracle: one material transaction posting per posted goods issue, found by our
// reference (SourceHeaderReference); one status change to released per posted release.
const odocs = osim.state.documentStats();
const oracleReleases = osim.state.stats.releases;
const oracleOrder = (number: string) => osim.state.data.workOrders.find((o) => o.number === number && o.organization === ORACLE_SITE);
const releasedStatus = osim.config.workOrders.releasedStatus;
const oraclePostedRefs = new Set(oraclePostings.filter((p) => p.state === 'POSTED' && p.operation === 'GOODS_MOVEMENT').map((p) => p.idempotencyKey));
const oraclePostedOrders = new Set(oraclePostings.filter((p) => p.state === 'POSTED' && p.operation === 'RELEASE_ORDER').map(orderOf));
for (const p of oraclePostings) {
  const id = orderOf(p);
  if (p.operation === 'GOODS_MOVEMENT') {
    const n = odocs.byReference[p.idempotencyKey] ?? 0;
    const lines = osim.state.data.transactions.filter((t) => t.sourceHeaderReference === p.idempotencyKey).length;
    if (p.state === 'POSTED' && (n !== 1 || lines !== 1)) violations.push(`Oracle goods issue ${p.idempotencyKey} (work order ${id}): POSTED but Oracle holds ${n} postings, ${lines} transactions for it`);
    if (p.state !== 'POSTED' && (n !== 0 || lines !== 0)) violations.push(`Oracle goods issue ${p.idempotencyKey} (work order ${id}): ${p.state} but Oracle holds ${n} postings, ${lines} transactions for it`);
    continue;
  }
  const releases = oracleReleases[id] ?? 0;
  const status = oracleOrder(id)?.status ?? 'missing';
  if (p.state === 'POSTED' && (status !== releasedStatus || releases !== 1)) violations.push(`work order ${id}: POSTED but Oracle shows status ${status}, ${releases} releases`);
  if (p.state !== 'POSTED' && (status === releasedStatus || releases > 0)) violations.push(`work order ${id}: ${p.state} but Oracle shows status ${status}, ${releases} releases`);
}
for (const [id, n] of Object.entries(oracleReleases)) {
  if (n > 0 && !oraclePostedOrders.has(id)) violations.push(`Oracle released work order ${id}, which has no posted action`);
}
for (const ref of Object.keys(odocs.byReference)) {
  if (!oraclePostedRefs.has(ref)) violations.push(`Oracle holds a posting with reference ${ref}, which has no posted action`);
}
if (odocs.withoutReference > 0) violations.push(`Oracle holds ${odocs.withoutReference} postings without our reference`);
const oracleOtherTypes = Object.entries(odocs.byType).filter(([t]) => t !== 'MATERIAL_TRANSACTION');
if (oracleOtherTypes.length > 0) violations.push(`Oracle holds postings of unexpected types: ${oracleOtherTypes.map(([t, n]) => `${t} ${n}`).join(', ')}`);
const oracleStates: Record<string, number> = {};
for (const p of oraclePostings) oracleStates[p.state] = (oracleStates[p.state] ?? 0) + 1;
const failedRows = await db.erpPosting.findMany({ where: { state: 'FAILED' }, select: { lastError: true } });
const failedReasons: Record<string, number> = {};
for (const f of failedRows) {
  const reason = (f.lastError ?? 'unknown').replace(/\d{5,}/g, 'N').slice(0, 90);
  failedReasons[reason] = (failedReasons[reason] ?? 0) + 1;
}
const chain = await verifyAuditChain();
if (!chain.ok) violations.push(`audit chain broken at ${chain.firstBrokenSeq}: ${chain.reason}`);
const readBacks = await db.auditEvent.count({ where: { action: 'posting.posted', data: { path: ['readBack'], equals: true } } });
const retries = await db.auditEvent.count({ where: { action: 'posting.retry_scheduled' } });
const inDoubt = await db.auditEvent.count({ where: { action: 'posting.retry_scheduled', data: { path: ['inDoubt'], equals: true } } });
const attempts = postings.reduce((n, p) => n + p.attempts, 0);

console.log(`
  postings            ${postings.length}  (${Object.entries(byState).map(([s, n]) => `${s} ${n}`).join(', ')})
  attempts            ${attempts}  (retries scheduled ${retries}, of which in doubt ${inDoubt})
  resolved by read-back ${readBacks}
  workers killed      ${kills}  (SIGKILL, ${WORKERS} running at a time)
  faults injected     ${Object.entries(faultCounts).map(([k, n]) => `${k} ${n}`).join(', ')}
  SAP release calls   ${Object.values(sim.state.stats.releaseCalls).reduce((a, b) => a + b, 0)} for ${Object.keys(sim.state.stats.releaseCalls).length} orders (${postedOrders.size} releases posted)
  SAP goods issues    ${docs.total} material documents, ${Object.keys(docs.byReference).length} distinct references (${postedRefs.size} goods issues posted), ${docs.withoutReference} without reference
  Oracle postings     ${oraclePostings.length}  (${Object.entries(oracleStates).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'})
  Oracle faults       ${Object.entries(oracleFaultCounts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}
  Oracle releases     ${Object.values(oracleReleases).reduce((a, b) => a + b, 0)} status changes for ${Object.keys(oracleReleases).length} work orders (${oraclePostedOrders.size} releases posted)
  Oracle goods issues ${odocs.total} material transaction postings (${osim.state.data.transactions.length} transactions), ${Object.keys(odocs.byReference).length} distinct references (${oraclePostedRefs.size} goods issues posted), ${odocs.withoutReference} without reference
  Oracle calls        ${Object.entries(osim.state.stats.calls).filter(([k]) => k.startsWith('fault-') || k === 'auth-rejected' || k === 'oauth-token').map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}
  retried by a person ${failedBeforeRetry.length}
  failed (for a person) ${Object.entries(failedReasons).map(([k, n]) => `${n}× ${k}`).join('; ') || 'none'}
  audit chain         ${chain.ok ? `intact (${chain.checked} events)` : 'BROKEN'}
  settled in          ${settledAt ? ((settledAt - t0) / 1000).toFixed(1) + ' s' : `not within ${TIMEOUT_S} s`}
`);

await sim.close();
await osim.close();
if (violations.length) {
  // The story of the first few offenders, to see where exactly-once broke.
  for (const p of postings.filter((x) => violations.some((v) => v.includes(orderOf(x)))).slice(0, 3)) {
    const events = await db.auditEvent.findMany({ where: { entityId: p.id }, orderBy: { seq: 'asc' } });
    console.error(`[faults] posting ${p.id} (order ${orderOf(p)}):`);
    for (const e of events) console.error(`    ${e.at.toISOString()} ${e.action} ${JSON.stringify(e.data).slice(0, 240)}`);
  }
  console.error(`[faults] ${violations.length} violation(s):\n  ${violations.slice(0, 30).join('\n  ')}`);
}
await db.$disconnect();
await new Promise((r) => setTimeout(r, 500));
await scratch.drop();
if (violations.length) process.exit(1);
if (!settledAt) {
  console.error('[faults] the postings did not settle in time');
  process.exit(1);
}
log('exactly once: every action in one terminal state; one SAP release or material document, one Oracle release or material transaction per posted action, none without one');
process.exit(0);
