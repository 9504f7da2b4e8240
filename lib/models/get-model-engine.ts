import 'server-only';
import path from 'node:path';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { hasPermission } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/principal';
import { readModelPointer } from '@/lib/ml/model-files';
import { getModelEngineInfo } from '@/lib/models/engines';
import { toModelView } from '@/lib/models/to-model-view';
import type { ModelEngineDetail } from '@/lib/models/types';

/** An engine's versions, newest first, with everything the model page charts. */
export async function getModelEngine(principal: Principal, engine: string, modelsDir = path.resolve(getEnv().MODELS_DIR)): Promise<ModelEngineDetail> {
  const info = getModelEngineInfo(engine);
  if (!info) throw new AppError('NOT_FOUND', `No engine named ${engine}`);
  if (!hasPermission(principal.role, 'models.read')) throw new AppError('FORBIDDEN', 'Your role may not see models (needs models.read).');
  const rows = await db.modelVersion.findMany({ where: { engine }, orderBy: { version: 'desc' } });
  // The pointer file is what the runtime serves until the registry has an active version (a fresh database).
  const pointer = await readModelPointer(modelsDir, engine).catch(() => null);
  return { ...info, versions: rows.map(toModelView), currentFileVersion: pointer?.version ?? null };
}
