// Client-safe shapes of policy changes as the console API returns them. Dates
// travel as ISO strings.
import type { FourEyesStatus, FourEyesTrailView } from '@/lib/governance/four-eyes';
import type { AutonomyMode } from '@/lib/scorecard/promotion-gate';
import type { GateStatus } from '@/lib/scorecard/types';

export type PolicyChangeStatus = FourEyesStatus;

export interface PolicyValues {
  mode: AutonomyMode;
  autoThreshold: number;
  atRiskThreshold: number;
}

export interface PolicyChangeView extends FourEyesTrailView {
  id: string;
  type: string;
  siteId: string;
  /** The policy version the request was made against (0: the type/site had no row); a newer one makes it stale. */
  basedOnVersion: number;
  from: PolicyValues;
  to: PolicyValues;
  status: PolicyChangeStatus;
  reason: string;
  /** The promotion gate of the type/site as the requester's scope saw it at request time; null when not recorded. */
  gate: GateStatus | null;
}
