import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { canSeeScope, type Principal } from '@/lib/auth/principal';
import { hasPermission } from '@/lib/auth/permissions';
import { findPolicies } from '@/lib/policies/find-policies';
import { ScorecardAccumulator } from '@/lib/scorecard/compute-scorecard';
import { exampleScopeSql, isPartialSiteScope, sitesInScope } from '@/lib/scorecard/example-scope';
import { gateForMode, PROMOTION_GATE } from '@/lib/scorecard/promotion-gate';
import { forEachLabelledExamplePage } from '@/lib/scorecard/read-labelled-examples';
import { DECISION_TYPES, type ScorecardQuery } from '@/lib/scorecard/scorecard-query.schema';
import type { GateStatus, ScorecardView } from '@/lib/scorecard/types';

const DAY_MS = 86_400_000;

export interface ScorecardContext {
  sites: { id: string; name: string; timezone: string }[];
  lineCodes: Map<string, string>;
}

/** The principal's sites with their names and zones, and the codes of their lines. */
export async function loadScorecardContext(principal: Principal): Promise<ScorecardContext> {
  const siteIds = sitesInScope(principal);
  const [siteRows, lines] = await Promise.all([
    db.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, name: true, timezone: true } }),
    db.line.findMany({ where: { siteId: { in: siteIds } }, select: { id: true, code: true } }),
  ]);
  const sites = siteIds.map((id) => {
    const row = siteRows.find((s) => s.id === id);
    return { id, name: row?.name ?? id, timezone: row?.timezone ?? 'UTC' };
  });
  return { sites, lineCodes: new Map(lines.map((l) => [l.id, l.code])) };
}

/** Throws unless the principal may read the scorecard, and may see the site it filters on. */
export function assertScorecardAccess(principal: Principal, siteId: string | undefined): void {
  if (!hasPermission(principal.role, 'models.read')) throw new AppError('FORBIDDEN', 'Your role may not see the scorecard (needs models.read).');
  if (siteId && !canSeeScope(principal, siteId)) throw new AppError('NOT_FOUND', `Site ${siteId} not found`);
}

/**
 * The AI-vs-people scorecard over the last `days`, per decision type and site
 * the principal sees, and the promotion gate of each type/site. The gate is
 * always measured over its own window (PROMOTION_GATE.windowDays) whatever
 * window the page shows, so that changing the view never changes the verdict.
 * Both are folded in one pass over the longer of the two windows.
 */
export async function getScorecard(principal: Principal, query: ScorecardQuery, now = new Date()): Promise<ScorecardView> {
  assertScorecardAccess(principal, query.siteId);

  const context = await loadScorecardContext(principal);
  const zoneOf = new Map(context.sites.map((s) => [s.id, s.timezone]));
  const options = { timeZoneOf: (siteId: string) => zoneOf.get(siteId) ?? 'UTC', lineLabelOf: (lineId: string) => context.lineCodes.get(lineId) };
  const view = new ScorecardAccumulator(options);
  const gate = new ScorecardAccumulator(options);

  const since = new Date(now.getTime() - query.days * DAY_MS);
  const gateSince = new Date(now.getTime() - PROMOTION_GATE.windowDays * DAY_MS);
  const scope = exampleScopeSql(principal);
  if (scope) {
    const window = {
      scope,
      since: since < gateSince ? since : gateSince,
      until: now,
      type: query.type,
      siteId: query.siteId,
      onePerRecommendation: true,
    };
    await forEachLabelledExamplePage(window, (page) => {
      for (const row of page) {
        if (row.decidedAt >= since) view.add(row);
        if (row.decidedAt >= gateSince) gate.add(row);
      }
    });
  }

  const policies = (await findPolicies(principal)).filter((p) => (!query.type || p.type === query.type) && (!query.siteId || p.siteId === query.siteId));
  const gates: GateStatus[] = policies.map((p) => {
    const figures = gate.totalFor(p.type, p.siteId) ?? { decisions: 0, agreements: 0, criticalMisses: 0 };
    return { decisionType: p.type, siteId: p.siteId, ...gateForMode(p.mode, figures), partialScope: isPartialSiteScope(principal, p.siteId) };
  });

  return {
    days: query.days,
    since: since.toISOString(),
    until: now.toISOString(),
    filters: { type: query.type ?? null, siteId: query.siteId ?? null },
    options: { sites: context.sites.map((s) => ({ id: s.id, name: s.name })), types: [...DECISION_TYPES] },
    groups: view.result(),
    gates,
  };
}
