import 'server-only';
import type { Db, Tx } from '@/lib/db';
import { db } from '@/lib/db';

export interface EffectivePolicy {
  mode: 'OFF' | 'SHADOW' | 'SUPERVISED' | 'AUTO';
  autoThreshold: number;
  atRiskThreshold: number;
  version: number;
}

/** Without a row, a type/site is SUPERVISED: nothing posts without a person. */
export const DEFAULT_POLICY: EffectivePolicy = { mode: 'SUPERVISED', autoThreshold: 0.9, atRiskThreshold: 0.6, version: 0 };

export async function getPolicy(type: string, siteId: string, client: Db | Tx = db): Promise<EffectivePolicy> {
  const row = await client.policy.findUnique({ where: { type_siteId: { type, siteId } } });
  return row ? { mode: row.mode, autoThreshold: row.autoThreshold, atRiskThreshold: row.atRiskThreshold, version: row.version } : DEFAULT_POLICY;
}
