// Posting throughput and approve→posted latency through Interlock (outbox,
// worker, connector, SAP simulator), next to the same simulator driven directly
// by the connector in the same run: the ratio is what Interlock adds.
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { childEnv, getEnv, resetEnvCache } from '@/lib/env';
import { createScratchDatabase } from '@/lib/database/scratch-database';
import { startSapSimulator } from '@/lib/erp/simulator/sap-simulator';
import { createErpConnector } from '@/lib/erp/create-erp-connector';

const HELP = `Usage: npm run bench:posting -- [--postings 500] [--latency-samples 100] [--workers 1] [--concurrency 4]

Prints postings per second (a burst of --postings approvals) and approve→posted
latency (median, p95; --latency-samples approvals one at a time) through
Interlock, next to direct ReleaseOrder calls on the same simulator with the
same concurrency. Uses DATABASE_URL's server (fresh database) or an embedded PostgreSQL.`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    postings: { type: 'string', default: '500' },
    'latency-samples': { type: 'string', default: '100' },
    workers: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const N = Number(values.postings);
const SAMPLES = Number(values['latency-samples']);
const WORKERS = Number(values.workers);
const CONCURRENCY = Number(values.concurrency);
if (![N, SAMPLES, WORKERS, CONCURRENCY].every((x) => Number.isInteger(x) && x > 0)) {
  console.error('all options must be positive integers');
  process.exit(2);
}
const log = (l: string) => console.error(`[bench] ${l}`);
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

const scratch = await createScratchDatabase({ name: `interlock_bench_${Date.now().toString(36)}`, embedded: { dataDir: '.data/bench-pg', port: 54369 } });
process.env.DATABASE_URL = scratch.url;
resetEnvCache();
const { db } = await import('@/lib/db');
const { seedPlant } = await import('@/prisma/seed-factories');
const { queueErpPosting } = await import('@/lib/posting/queue-posting');
const { releaseProposal } = await import('@/lib/decisions/feasibility/proposed-actions');
const { recordAuditEvent } = await import('@/lib/audit/record-audit-event');
await seedPlant(db);

const sim = await startSapSimulator({ port: 0, orderIntervalMs: 0 });
const material = await db.material.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: 'VALVE-ASSY-55' } } });
const wc = await db.workCenter.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: 'WC-ASSY-05' } } });
let nextId = 7_000_000;
const newSimOrder = () => {
  const id = String(nextId++);
  sim.state.createOrder({ id, plant: '1710', material: 'VALVE-ASSY-55', quantity: 100, unit: 'EA', workCenter: 'WC-ASSY-05', plannedStart: new Date(), plannedEnd: new Date(Date.now() + 86_400_000), components: [] });
  return id;
};

/** What a person's approval commits: decision, audit event, posting and job, in one transaction. */
async function approve(): Promise<string> {
  const erpOrderId = newSimOrder();
  const proposed = releaseProposal(erpOrderId);
  const due = new Date(Date.now() + 86_400_000);
  return db.$transaction(async (tx) => {
    const order = await tx.productionOrder.create({ data: { siteId: '1710', erpOrderId, materialId: material.id, quantity: 100, uom: 'EA', workCenterId: wc.id, dueDate: due } });
    const rec = await tx.recommendation.create({
      data: { type: 'ORDER_RELEASE', siteId: '1710', lineId: wc.lineId, workCenterId: wc.id, orderId: order.id, status: 'APPROVED', verdict: 'FEASIBLE', recommendedAction: 'RELEASE_ORDER', score: 0.9, confidence: 0.9, findings: [], evidence: {}, proposedAction: proposed as never, modelVersion: 'bench', source: 'USER', summary: 'bench', impactAt: due, expiresAt: due, version: 2 },
    });
    const decision = await tx.decision.create({ data: { recommendationId: rec.id, outcome: 'APPROVE', actorName: 'bench', signatureMeaning: 'bench', recommendationVersion: 1 } });
    await recordAuditEvent(tx, { actor: { actorType: 'SYSTEM', actorName: 'bench' }, action: 'recommendation.approved', entityType: 'Recommendation', entityId: rec.id, siteId: '1710', data: {} });
    return queueErpPosting(tx, { recommendationId: rec.id, decisionId: decision.id, siteId: '1710', proposed, request: { siteId: '1710', erpOrderId }, actor: { actorType: 'SYSTEM', actorName: 'bench' } });
  }, { maxWait: 30_000, timeout: 60_000 });
}

// ── baseline: the connector straight at the simulator, same concurrency ──
const env = getEnv();
const connector = createErpConnector({ system: 'SAP', baseUrl: sim.url, user: env.SAP_USER, password: env.SAP_PASSWORD, client: env.SAP_CLIENT, maxConcurrent: CONCURRENCY * WORKERS });
await connector.releaseOrder('1710', newSimOrder());
const directIds = Array.from({ length: N }, newSimOrder);
const directLat: number[] = [];
let t = performance.now();
let cursor = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY * WORKERS }, async () => {
    while (cursor < directIds.length) {
      const id = directIds[cursor++];
      const s = performance.now();
      await connector.releaseOrder('1710', id);
      directLat.push(performance.now() - s);
    }
  }),
);
const directRate = N / ((performance.now() - t) / 1000);
const directSeq: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const s = performance.now();
  await connector.releaseOrder('1710', newSimOrder());
  directSeq.push(performance.now() - s);
}
log(`direct: ${directRate.toFixed(0)} releases/s`);

// ── through Interlock ──
// The burst is approved first (untimed), then the workers start: the rate is
// what the outbox drains, not how fast this script can approve.
const burst: string[] = [];
for (let i = 0; i < N; i += 8) burst.push(...(await Promise.all(Array.from({ length: Math.min(8, N - i) }, approve))));
const waitPosted = async (ids: string[], timeoutMs: number) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const n = await db.erpPosting.count({ where: { id: { in: ids }, state: 'POSTED' } });
    if (n === ids.length) return;
    if (Date.now() > until) throw new Error(`only ${n}/${ids.length} posted in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const workers: ChildProcess[] = [];
let firstPostAt = 0;
t = performance.now();
for (let i = 0; i < WORKERS; i++) {
  workers.push(
    spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts', '--sync-interval', '0', '--master-data-interval', '0', '--no-model-sync', '--no-write-back', '--concurrency', String(CONCURRENCY)], {
      env: childEnv({ DATABASE_URL: scratch.url, SAP_BASE_URL: sim.url, LOG_LEVEL: 'error' }),
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
}
// Time from the first posting done (workers up, CSRF token fetched) to the last.
for (;;) {
  if ((await db.erpPosting.count({ where: { state: 'POSTED' } })) > 0) break;
  await new Promise((r) => setTimeout(r, 5));
}
firstPostAt = performance.now();
await waitPosted(burst, 300_000);
const burstSeconds = (performance.now() - firstPostAt) / 1000;
const interlockRate = (N - 1) / burstSeconds;
log(`interlock: ${interlockRate.toFixed(0)} postings/s (workers ready after ${((firstPostAt - t) / 1000).toFixed(1)} s)`);

const latencies: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const s = performance.now();
  const id = await approve();
  // Poll the row tightly: the figure is commit of the approval → POSTED visible.
  for (;;) {
    const p = await db.erpPosting.findUniqueOrThrow({ where: { id }, select: { state: true } });
    if (p.state === 'POSTED') break;
    await new Promise((r) => setTimeout(r, 2));
  }
  latencies.push(performance.now() - s);
}

for (const w of workers) w.kill('SIGTERM');
const fmt = (x: number) => x.toFixed(1).padStart(8);
console.log(`
                                   rate/s   median ms    p95 ms
  direct ReleaseOrder (connector) ${fmt(directRate)}  ${fmt(q(directSeq, 0.5))}  ${fmt(q(directSeq, 0.95))}
  through Interlock (approve→POSTED)${fmt(interlockRate)}  ${fmt(q(latencies, 0.5))}  ${fmt(q(latencies, 0.95))}

  overhead: ${(directRate / interlockRate).toFixed(2)}× lower throughput, ${(q(latencies, 0.5) / q(directSeq, 0.5)).toFixed(1)}× median latency
  (${N} postings in a burst, ${SAMPLES} one-at-a-time samples, ${WORKERS} worker × concurrency ${CONCURRENCY}; the direct
   burst's per-call median under load was ${q(directLat, 0.5).toFixed(1)} ms)
`);
await db.$disconnect();
await sim.close();
await new Promise((r) => setTimeout(r, 300));
await scratch.drop();
process.exit(0);
