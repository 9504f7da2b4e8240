// Client-safe shapes of the audit API (the console's audit page reads them).
export interface AuditEventView {
  seq: number;
  at: string;
  actorType: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  siteId: string | null;
  data: unknown;
  hash: string;
  prevHash: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}
