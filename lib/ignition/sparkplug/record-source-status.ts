import 'server-only';
import { db } from '@/lib/db';
import type { SourceStatus } from '@/lib/ignition/sparkplug/host-session';

/**
 * Records that a Sparkplug edge node or device came online (birth) or died
 * (death with the current bdSeq). While it is dead, the live state of the work
 * centers it feeds is stale: findStaleWorkCenters reads this.
 */
export async function recordSourceStatus(s: SourceStatus): Promise<void> {
  const key = { groupId: s.group, edgeNode: s.node, device: s.device };
  const data = { siteId: s.site, online: s.online, bdSeq: s.bdSeq, workCenterCodes: s.workCenters, staleSince: s.online ? null : s.at };
  await db.plantSourceStatus.upsert({ where: { groupId_edgeNode_device: key }, create: { ...key, ...data }, update: data });
}
