// The background worker: ERP postings (the outbox), floor-change re-checks,
// the periodic ERP order sync, expiry and recovery sweeps.
import { parseArgs } from 'node:util';
import { startWorker } from '@/lib/worker/run-worker';
import { getEnv, requireDatabaseUrl } from '@/lib/env';
import { db } from '@/lib/db';

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    concurrency: { type: 'string', default: '4' },
    'sync-interval': { type: 'string' },
    'master-data-interval': { type: 'string' },
    'no-model-sync': { type: 'boolean', default: false },
    'no-write-back': { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run worker -- [--concurrency 4] [--sync-interval 10000]

Runs the job queue against DATABASE_URL: posts approved actions to the ERP
exactly once, re-checks orders when the floor changes, polls the ERP for new
orders every --sync-interval ms (default ERP_SYNC_INTERVAL_MS; 0 = off), and
mirrors materials, BOMs and stock every --master-data-interval ms (default
ERP_MASTER_DATA_SYNC_INTERVAL_MS; 0 = off). At start it registers the model
files of models/ in the registry unless --no-model-sync. Publishes recommendation
status to Ignition (IGNITION_WRITE_BACK_*) unless --no-write-back. Every
RETRAIN_INTERVAL_HOURS (default 24, 0 = off) it retrains models from people's
decisions into shadow once RETRAIN_MIN_NEW_LABELS (default 50) are new.
Stops cleanly on Ctrl-C / SIGTERM.`);
  process.exit(0);
}
const concurrency = Number(values.concurrency);
const syncIntervalMs = values['sync-interval'] !== undefined ? Number(values['sync-interval']) : getEnv().ERP_SYNC_INTERVAL_MS;
if (!Number.isInteger(concurrency) || concurrency < 1 || !Number.isFinite(syncIntervalMs) || syncIntervalMs < 0) {
  console.error('--concurrency must be a positive integer and --sync-interval a number of milliseconds ≥ 0');
  process.exit(2);
}
const masterDataIntervalMs = values['master-data-interval'] !== undefined ? Number(values['master-data-interval']) : getEnv().ERP_MASTER_DATA_SYNC_INTERVAL_MS;
if (!Number.isFinite(masterDataIntervalMs) || masterDataIntervalMs < 0) {
  console.error('--master-data-interval must be a number of milliseconds ≥ 0');
  process.exit(2);
}
const worker = await startWorker({ connectionString: requireDatabaseUrl(), concurrency, syncIntervalMs, masterDataIntervalMs, syncModels: !values['no-model-sync'], writeBack: values['no-write-back'] ? false : undefined });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await db.$disconnect();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
