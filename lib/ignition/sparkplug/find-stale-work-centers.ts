import 'server-only';
import { db } from '@/lib/db';

export interface StaleWorkCenter {
  workCenter: string;
  staleSince: Date;
  /** "<group>/<edge node>[/<device>]" */
  source: string;
}

/**
 * Work centers of a site whose live data comes from a Sparkplug edge node or
 * device that is dead: their last machine state, OEE and line-side counts are
 * what was true when the source died, not necessarily now. A work center fed
 * by several sources is stale as soon as one of them is dead.
 */
export async function findStaleWorkCenters(siteId: string): Promise<StaleWorkCenter[]> {
  const rows = await db.plantSourceStatus.findMany({ where: { siteId, online: false }, orderBy: { staleSince: 'asc' } });
  const out = new Map<string, StaleWorkCenter>();
  for (const r of rows) {
    const source = `${r.groupId}/${r.edgeNode}${r.device ? `/${r.device}` : ''}`;
    for (const wc of r.workCenterCodes) if (!out.has(wc)) out.set(wc, { workCenter: wc, staleSince: r.staleSince ?? r.updatedAt, source });
  }
  return [...out.values()];
}
