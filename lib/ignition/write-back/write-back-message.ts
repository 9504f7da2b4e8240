// What Ignition sees of a recommendation: a compact status, retained per
// recommendation and per order so that a Perspective view bound to MQTT tags
// shows the current state as soon as it subscribes. Pure.
import type { DecisionOutcome, FeasibilityVerdict, RecommendationStatus, RecommendedAction } from '@/lib/recommendations/types';

export interface WriteBackStatus {
  id: string;
  site: string;
  erpOrderId: string | null;
  status: RecommendationStatus;
  verdict: FeasibilityVerdict;
  recommendedAction: RecommendedAction;
  confidence: number;
  decision: { outcome: DecisionOutcome; actor: string; meaning: string; at: string } | null;
  posting: { state: string; document: string | null; message: string | null } | null;
  updatedAt: string;
}

export interface WriteBackSource {
  id: string;
  siteId: string;
  status: string;
  verdict: string;
  recommendedAction: string;
  confidence: number;
  updatedAt: Date;
  order: { erpOrderId: string } | null;
  /** Only the latest of each is used. */
  decisions: { outcome: string; actorName: string; signatureMeaning: string; createdAt: Date }[];
  postings: { state: string; erpDocument: string | null; lastError: string | null; messages: unknown; updatedAt: Date }[];
}

function latest<T>(rows: T[], at: (row: T) => Date): T | null {
  let best: T | null = null;
  for (const r of rows) if (!best || at(r).getTime() > at(best).getTime()) best = r;
  return best;
}

/** The first ERP message text, else the last error: what an operator needs to read on the HMI. */
function postingMessage(p: { lastError: string | null; messages: unknown }): string | null {
  if (Array.isArray(p.messages)) {
    for (const m of p.messages) {
      if (m && typeof m === 'object' && 'text' in m && typeof m.text === 'string' && m.text) return m.text;
    }
  }
  return p.lastError;
}

export function toWriteBackStatus(rec: WriteBackSource): WriteBackStatus {
  const d = latest(rec.decisions, (x) => x.createdAt);
  const p = latest(rec.postings, (x) => x.updatedAt);
  return {
    id: rec.id,
    site: rec.siteId,
    erpOrderId: rec.order?.erpOrderId ?? null,
    status: rec.status as RecommendationStatus,
    verdict: rec.verdict as FeasibilityVerdict,
    recommendedAction: rec.recommendedAction as RecommendedAction,
    confidence: rec.confidence,
    decision: d ? { outcome: d.outcome as DecisionOutcome, actor: d.actorName, meaning: d.signatureMeaning, at: d.createdAt.toISOString() } : null,
    posting: p ? { state: p.state, document: p.erpDocument, message: postingMessage(p) } : null,
    updatedAt: latestDate([rec.updatedAt, p?.updatedAt, d?.createdAt]).toISOString(),
  };
}

function latestDate(dates: (Date | undefined)[]): Date {
  return new Date(Math.max(...dates.filter((x): x is Date => x !== undefined).map((x) => x.getTime())));
}

/** A topic level from an id: "/", "+" and "#" would change the topic's meaning. */
function level(value: string): string {
  return value.replace(/[/+#%]/g, (c) => encodeURIComponent(c));
}

export function recommendationTopic(prefix: string, site: string, id: string): string {
  return `${prefix}/${level(site)}/recommendations/${level(id)}`;
}

export function orderTopic(prefix: string, site: string, erpOrderId: string): string {
  return `${prefix}/${level(site)}/orders/${level(erpOrderId)}`;
}
