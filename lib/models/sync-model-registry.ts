import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isAppError } from '@/lib/errors';
import type { AuditEventInput } from '@/lib/audit/record-audit-event';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { rebuildFeasibilityProfile } from '@/lib/decisions/feasibility/train-feasibility-model';
import type { TrainingProfile } from '@/lib/ml/drift';
import type { GbtModel } from '@/lib/ml/gbt';
import type { ModelCard } from '@/lib/ml/model-card';
import { listModelCards, readModelPointer } from '@/lib/ml/model-files';
import type { ModelStatus } from '@/lib/models/types';
import { registerModelVersion } from '@/lib/models/register-model-version';

/** Per engine: how to rebuild the training profile of a card written before cards carried one. */
const PROFILE_REBUILDERS: Record<string, (card: ModelCard, modelsDir: string) => Promise<TrainingProfile>> = {
  [FEASIBILITY_ENGINE]: async (card, modelsDir) => {
    const trees = JSON.parse(await readFile(path.join(modelsDir, card.files.trees), 'utf8')) as GbtModel;
    return rebuildFeasibilityProfile(card, trees);
  },
};

export interface SyncedVersion {
  modelId: string;
  status: ModelStatus;
  created: boolean;
  profile: 'card' | 'rebuilt' | 'none';
  /** Set when the files and the registry disagree about which version is active. */
  note: string | null;
}

/**
 * Records every version of an engine found in the models folder that the
 * registry lacks (files stay the source the runtime loads). The version the
 * pointer names is registered ACTIVE, unless the registry already has another
 * active version: then it is a candidate and the disagreement is reported,
 * never resolved here (that is promotion's job). A system operation, run on
 * the server by the train script (or at start-up), never from a request.
 */
export async function syncModelRegistry(options: { engine: string; modelsDir: string; actor: AuditEventInput['actor'] }): Promise<SyncedVersion[]> {
  const pointer = await readModelPointer(options.modelsDir, options.engine);
  const cards = await listModelCards(options.modelsDir, options.engine);
  const rebuild = PROFILE_REBUILDERS[options.engine];
  const synced: SyncedVersion[] = [];
  for (const { card } of cards) {
    const profile = card.trainingProfile ?? (rebuild ? await rebuild(card, options.modelsDir) : null);
    const profileSource = card.trainingProfile ? 'card' : profile ? 'rebuilt' : 'none';
    const wantActive = pointer?.version === card.version;
    try {
      const result = await registerModelVersion({ card, trainingProfile: profile, status: wantActive ? 'ACTIVE' : 'CANDIDATE', actor: options.actor });
      synced.push({ modelId: card.id, status: result.status, created: result.created, profile: profileSource, note: null });
    } catch (error) {
      if (!(wantActive && isAppError(error) && error.code === 'CONFLICT' && /already active/.test(error.message))) throw error;
      const result = await registerModelVersion({ card, trainingProfile: profile, status: 'CANDIDATE', actor: options.actor });
      synced.push({ modelId: card.id, status: result.status, created: result.created, profile: profileSource, note: `the current file, but ${error.message.split(';')[0]}` });
    }
  }
  return synced;
}
