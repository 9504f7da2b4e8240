import 'server-only';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tryLockInTransaction } from '@/lib/database/advisory-locks';
import { db } from '@/lib/db';
import { childEnv, getEnv } from '@/lib/env';
import type { AuditEventInput } from '@/lib/audit/record-audit-event';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { modelCardSchema, modelFileNames, modelId, type ModelCard } from '@/lib/ml/model-card';
import { nextModelVersion, readModelPointer } from '@/lib/ml/model-files';
import { registerModelVersion } from '@/lib/models/register-model-version';
import { putModelInShadow, type ShadowChange } from '@/lib/models/put-model-in-shadow';
import { createLogger } from '@/lib/log';

// Scheduled retraining: once enough people's decisions have been labelled
// since the newest version was trained, a new version is trained from them
// (on top of the simulated history), registered as a CANDIDATE and put in
// SHADOW, where it is scored beside the active model on live traffic. It never
// becomes ACTIVE here: promotion is an admin's decision, approved by a second
// admin, on the shadow comparison.
//
// Training runs in a child process (`npm run train -- feasibility --labels`):
// gradient boosting holds the CPU for seconds, which in the worker's own event
// loop would stall postings and re-checks. A transaction-scoped advisory lock
// held while it runs keeps two workers from training the same version.

const log = createLogger('retrain');
const SYSTEM_ACTOR: AuditEventInput['actor'] = { actorType: 'SYSTEM', actorName: 'Interlock retraining' };
/** Long enough for a full-size training run on a slow machine. */
const TRAINING_TIMEOUT_MS = 15 * 60_000;

/** Engines that can be retrained from labels (their trainer takes --labels). */
const RETRAINABLE = new Set([FEASIBILITY_ENGINE]);

export interface RetrainOptions {
  engine?: string;
  /** Default RETRAIN_MIN_NEW_LABELS. */
  minNewLabels?: number;
  /** Must be the folder the runtime loads (MODELS_DIR, the default): shadow scoring loads the new files from there. */
  modelsDir?: string;
  /** Trainer settings; the defaults are the train script's. Tests use small ones. */
  training?: { seed?: number; days?: number; trees?: number; depth?: number; labelWeight?: number };
}

export type RetrainOutcome =
  | { status: 'skipped'; engine: string; reason: string; newLabels: number; minNewLabels: number }
  | {
      status: 'trained';
      engine: string;
      modelId: string;
      version: number;
      newLabels: number;
      heldOutAuc: number | null;
      dataSource: string;
      trainingMs: number;
      shadow: ShadowChange;
    };

/** The labelled examples recorded since the engine's newest version was trained (all of them when it has none). */
export async function countNewLabels(engine: string): Promise<{ newLabels: number; since: Date | null; newestVersion: number | null }> {
  const newest = await db.modelVersion.findFirst({ where: { engine }, orderBy: { version: 'desc' }, select: { version: true, trainedAt: true } });
  const since = newest?.trainedAt ?? null;
  const newLabels = await db.labelledExample.count({ where: { engine, ...(since ? { createdAt: { gt: since } } : {}) } });
  return { newLabels, since, newestVersion: newest?.version ?? null };
}

function runTrainer(args: string[]): Promise<void> {
  const tsx = path.resolve('node_modules/.bin/tsx');
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['--conditions=react-server', path.resolve('scripts/train.ts'), ...args], { env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        log.debug(line);
        tail.push(line);
        if (tail.length > 15) tail.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), TRAINING_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`training exited with ${signal ?? code}:\n${tail.join('\n')}`));
    });
  });
}

async function readCard(modelsDir: string, engine: string, version: number): Promise<ModelCard> {
  const file = path.join(modelsDir, modelFileNames(engine, version).card);
  return modelCardSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

/**
 * Trains, registers and shadows a new version when at least `minNewLabels`
 * labelled examples are new since the newest version's training; otherwise
 * says why it did nothing. A system operation, run by the worker's schedule.
 */
export async function retrainFromLabels(options: RetrainOptions = {}): Promise<RetrainOutcome> {
  const env = getEnv();
  const engine = options.engine ?? FEASIBILITY_ENGINE;
  const minNewLabels = options.minNewLabels ?? env.RETRAIN_MIN_NEW_LABELS;
  const modelsDir = path.resolve(options.modelsDir ?? env.MODELS_DIR);
  const skipped = (reason: string, newLabels: number): RetrainOutcome => {
    log.info(`skipped: ${reason}`, { engine, newLabels, minNewLabels });
    return { status: 'skipped', engine, reason, newLabels, minNewLabels };
  };
  if (!RETRAINABLE.has(engine)) return skipped(`${engine} cannot be retrained from labels`, 0);

  const { newLabels } = await countNewLabels(engine);
  if (newLabels < minNewLabels) return skipped(`${newLabels} new labels < ${minNewLabels}`, newLabels);
  // The trainer makes its output current when the folder has no current model: never let retraining do that.
  if ((await readModelPointer(modelsDir, engine)) === null) return skipped(`no current ${engine} model in ${modelsDir} to compare a new version with`, newLabels);

  return db.$transaction(
    async (tx) => {
      if (!(await tryLockInTransaction(tx, 'modelRetrain', engine))) return skipped('another worker is retraining this engine', newLabels);
      // Counted again under the lock: the other worker may have just finished a version.
      const fresh = await countNewLabels(engine);
      if (fresh.newLabels < minNewLabels) return skipped(`${fresh.newLabels} new labels < ${minNewLabels}`, fresh.newLabels);

      const version = Math.max(await nextModelVersion(modelsDir, engine), (fresh.newestVersion ?? 0) + 1);
      const t = options.training ?? {};
      const args = [engine, '--labels', '--out', modelsDir, '--version', String(version), '--no-register'];
      if (t.seed !== undefined) args.push('--seed', String(t.seed));
      if (t.days !== undefined) args.push('--days', String(t.days));
      if (t.trees !== undefined) args.push('--trees', String(t.trees));
      if (t.depth !== undefined) args.push('--depth', String(t.depth));
      if (t.labelWeight !== undefined) args.push('--label-weight', String(t.labelWeight));
      log.info(`training ${modelId(engine, version)} on ${fresh.newLabels} new labels`, { engine, minNewLabels });
      const started = performance.now();
      await runTrainer(args);
      const trainingMs = Math.round(performance.now() - started);

      const card = await readCard(modelsDir, engine, version);
      const heldOut = card.metrics.heldOut;
      const heldOutAuc = heldOut.kind === 'multiclass' || heldOut.kind === 'regression' ? null : heldOut.auc;
      await registerModelVersion({ card, status: 'CANDIDATE', actor: SYSTEM_ACTOR });
      log.info(`trained ${card.id} AUC ${heldOutAuc === null ? '—' : heldOutAuc.toFixed(3)}`, { rows: card.data.rows, source: card.data.source, trainingMs });
      const shadow = await putModelInShadow({ engine, version, actor: SYSTEM_ACTOR, reason: `retrained on ${fresh.newLabels} new labelled examples` });
      log.info(`put ${card.id} in shadow`, { replaced: shadow.replacedVersion === null ? null : modelId(engine, shadow.replacedVersion) });
      return { status: 'trained', engine, modelId: card.id, version, newLabels: fresh.newLabels, heldOutAuc, dataSource: card.data.source, trainingMs, shadow };
    },
    { timeout: TRAINING_TIMEOUT_MS + 60_000, maxWait: 10_000 },
  );
}
