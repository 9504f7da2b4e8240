import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hasPermission } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/principal';
import { MODEL_ENGINES } from '@/lib/models/engines';
import { toModelSummary } from '@/lib/models/to-model-view';
import type { ModelEngineSummary } from '@/lib/models/types';

/** Every engine with a model, its active version and its newest candidate. Models are not site-scoped. */
export async function findModelEngines(principal: Principal): Promise<ModelEngineSummary[]> {
  if (!hasPermission(principal.role, 'models.read')) throw new AppError('FORBIDDEN', 'Your role may not see models (needs models.read).');
  const rows = await db.modelVersion.findMany({ orderBy: [{ engine: 'asc' }, { version: 'desc' }] });
  return MODEL_ENGINES.map((info) => {
    const versions = rows.filter((r) => r.engine === info.engine);
    const active = versions.find((r) => r.status === 'ACTIVE');
    const candidate = versions.find((r) => r.status === 'CANDIDATE');
    return {
      ...info,
      versions: versions.length,
      active: active ? toModelSummary(active) : null,
      latestCandidate: candidate ? toModelSummary(candidate) : null,
    };
  });
}
