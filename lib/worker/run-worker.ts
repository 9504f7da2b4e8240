import { Logger, run, type Runner, type Task } from 'graphile-worker';
import { z } from 'zod';
import { db } from '@/lib/db';
import { postErpAction } from '@/lib/posting/post-erp-action';
import { POST_ERP_ACTION_TASK } from '@/lib/posting/enqueue-posting-job';
import { RESCORE_WORK_CENTER_TASK } from '@/lib/decisions/feasibility/rescore-task';
import { rescoreWorkCenter } from '@/lib/decisions/feasibility/rescore-work-center';
import { syncProductionOrders } from '@/lib/erp/sync-production-orders';
import { syncMasterDataForAllSites } from '@/lib/erp/sync-master-data';
import { syncModelRegistry } from '@/lib/models/sync-model-registry';
import path from 'node:path';
import { expireRecommendations } from '@/lib/recommendations/expire-recommendations';
import { sweepPostings } from '@/lib/posting/sweep-postings';
import { getEnv } from '@/lib/env';
import { createLogger } from '@/lib/log';
import { startWriteBack, writeBackOptionsFromEnv } from '@/lib/ignition/write-back/start-write-back';
import { retrainFromLabels } from '@/lib/models/retrain-from-labels';

const log = createLogger('worker');

// The queue's own chatter (every completed job) is debug; its warnings and errors are not.
const queueLog = createLogger('queue');
const queueLogger = new Logger(() => (level, message) => {
  if (level === 'error') queueLog.error(message);
  else if (level === 'warning') queueLog.warn(message);
  else queueLog.debug(message);
});

const postingPayload = z.object({ postingId: z.string().min(1) });
const rescorePayload = z.object({ workCenterId: z.string().min(1) });

const tasks: Record<string, Task> = {
  [POST_ERP_ACTION_TASK]: async (payload) => {
    await postErpAction(postingPayload.parse(payload).postingId);
  },
  [RESCORE_WORK_CENTER_TASK]: async (payload) => {
    const changed = await rescoreWorkCenter(rescorePayload.parse(payload).workCenterId);
    if (changed) log.info('floor change re-check', { changed });
  },
};

export interface WorkerOptions {
  connectionString: string;
  concurrency?: number;
  /** Poll the ERP for new orders this often; 0 turns the sync off. */
  syncIntervalMs: number;
  /** Mirror materials, BOMs and stock this often; 0 turns it off. */
  masterDataIntervalMs?: number;
  /** Register the model files of models/ at start (the model pages read the registry). */
  syncModels?: boolean;
  /** Publish recommendation status (and mirror audit events) to Ignition; default IGNITION_WRITE_BACK. */
  writeBack?: boolean;
  /** Retrain from labelled decisions into shadow this often; default RETRAIN_INTERVAL_HOURS, 0 turns it off. */
  retrainIntervalHours?: number;
}

/** Runs the job queue and the periodic loops until `stop` is called. */
export async function startWorker(options: WorkerOptions): Promise<{ stop: () => Promise<void> }> {
  const env = getEnv();
  // A claim must outlive the longest attempt (CSRF fetch, read, post, one CSRF retry),
  // or a second worker could take it over while the first is still sending.
  if (env.POSTING_LEASE_MS < 6 * env.SAP_TIMEOUT_MS) {
    log.warn('POSTING_LEASE_MS is shorter than six ERP timeouts: a slow attempt could be taken over while still sending', { leaseMs: env.POSTING_LEASE_MS, timeoutMs: env.SAP_TIMEOUT_MS });
  }
  await sweepPostings(env.POSTING_LEASE_MS);
  // Versions found in MODELS_DIR that the registry lacks are recorded (as candidates once one is active);
  // which version serves is the registry's, changed only by promotion and rollback.
  if (options.syncModels !== false) {
    try {
      const synced = await syncModelRegistry({ engine: 'feasibility', modelsDir: path.resolve(env.MODELS_DIR), actor: { actorType: 'SYSTEM', actorName: 'Interlock worker' } });
      if (synced.length) log.info('model registry in step with the models folder', { dir: env.MODELS_DIR, versions: synced.length, added: synced.filter((v) => v.created).length });
    } catch (e) {
      log.warn('could not sync the model registry; model pages may be empty', { error: e instanceof Error ? e.message : String(e) });
    }
  }
  const runner: Runner = await run({
    connectionString: options.connectionString,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: tasks,
    logger: queueLogger,
    crontab: '',
  });
  const timers: NodeJS.Timeout[] = [];
  // Each periodic job runs every `ms`, never twice at once, and a failure waits for the next round.
  const every = (name: string, ms: number, job: () => Promise<void>, runNow: boolean) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await job();
      } catch (e) {
        log.warn(`${name} failed; will retry`, { error: e instanceof Error ? e.message : String(e) });
      } finally {
        running = false;
      }
    };
    if (runNow) void tick();
    timers.push(setInterval(tick, ms));
  };
  if (options.syncIntervalMs > 0) {
    every('periodic sync', options.syncIntervalMs, async () => {
      const sites = await db.site.findMany({ select: { id: true } });
      for (const s of sites) await syncProductionOrders(s.id);
      await expireRecommendations();
    }, true);
  }
  const masterDataIntervalMs = options.masterDataIntervalMs ?? 0;
  if (masterDataIntervalMs > 0) {
    every('master-data sync', masterDataIntervalMs, async () => {
      for (const o of await syncMasterDataForAllSites()) {
        if (o.error) log.warn('master-data sync failed; will retry', { siteId: o.siteId, error: o.error });
      }
    }, true);
  }
  const retrainHours = options.retrainIntervalHours ?? env.RETRAIN_INTERVAL_HOURS;
  if (retrainHours > 0) {
    // Logs its own outcome (skipped: N new labels < M; trained @N AUC x; put in shadow). Training runs in a child process.
    every('retraining', retrainHours * 3_600_000, async () => {
      await retrainFromLabels();
    }, true);
  }
  every('posting sweep', env.POSTING_SWEEP_INTERVAL_MS, async () => {
    const n = await sweepPostings(env.POSTING_LEASE_MS);
    if (n) log.info('re-queued postings whose job was lost', { count: n });
  }, false);
  const writeBack = (options.writeBack ?? env.IGNITION_WRITE_BACK) ? startWriteBack(writeBackOptionsFromEnv()) : null;
  log.info('worker started', { tasks: Object.keys(tasks).join(','), syncIntervalMs: options.syncIntervalMs, retrainIntervalHours: retrainHours });
  return {
    stop: async () => {
      timers.forEach(clearInterval);
      await writeBack?.stop();
      await runner.stop();
    },
  };
}
