import 'server-only';
import { createLogger } from '@/lib/log';
import type { Principal } from '@/lib/auth/principal';
import { isCriticalMiss } from '@/lib/scorecard/compute-scorecard';
import { csvRecord } from '@/lib/scorecard/csv';
import { exampleScopeSql } from '@/lib/scorecard/example-scope';
import { assertScorecardAccess, loadScorecardContext } from '@/lib/scorecard/get-scorecard';
import { pagesOfLabelledExamples, type LabelledExampleRow } from '@/lib/scorecard/read-labelled-examples';
import type { ScorecardQuery } from '@/lib/scorecard/scorecard-query.schema';
import { shiftOf } from '@/lib/scorecard/shift';

const log = createLogger('scorecard');
const DAY_MS = 86_400_000;

export const SCORECARD_CSV_COLUMNS = [
  'decided_at',
  'site',
  'line',
  'shift',
  'decision_type',
  'recommendation_id',
  'model_version',
  'ai_verdict',
  'ai_action',
  'ai_confidence',
  'human_outcome',
  'human_action',
  'agreed',
  'critical_miss',
  'reason_code',
  'edit',
  'cost_value',
  'cost_minutes',
  'decided_by',
  'source',
] as const;

export interface ScorecardCsv {
  filename: string;
  /** UTF-8 CSV, header first, one record per labelled example, oldest first. */
  stream: ReadableStream<Uint8Array>;
}

/** Compact JSON for the edit column; null stays empty. */
function editText(edit: unknown): string | null {
  return edit === null || edit === undefined ? null : JSON.stringify(edit);
}

/**
 * Every labelled example in the window the principal may see, as CSV for
 * auditors: both sources, each row as recorded (the scorecard counts a
 * recommendation once; this file shows everything it was built from). Access
 * is checked before the first byte, so a refusal is a proper error response;
 * rows are then read a page at a time as the client consumes the stream.
 */
export async function exportScorecardCsv(principal: Principal, filters: ScorecardQuery, now = new Date()): Promise<ScorecardCsv> {
  assertScorecardAccess(principal, filters.siteId);
  const context = await loadScorecardContext(principal);
  const zoneOf = new Map(context.sites.map((s) => [s.id, s.timezone]));
  const since = new Date(now.getTime() - filters.days * DAY_MS);
  const scope = exampleScopeSql(principal);

  const toRecord = (r: LabelledExampleRow) =>
    csvRecord([
      r.decidedAt.toISOString(),
      r.siteId,
      r.lineId ? (context.lineCodes.get(r.lineId) ?? r.lineId) : null,
      shiftOf(r.decidedAt, zoneOf.get(r.siteId) ?? 'UTC'),
      r.decisionType,
      r.recommendationId,
      r.modelVersion,
      r.aiVerdict,
      r.aiAction,
      r.aiConfidence,
      r.outcome,
      r.humanAction,
      r.agreed,
      isCriticalMiss(r),
      r.reasonCode,
      editText(r.edit),
      r.costValue,
      r.costMinutes,
      r.decidedByName,
      r.source,
    ]);

  const encoder = new TextEncoder();
  const pages = scope ? pagesOfLabelledExamples({ scope, since, until: now, type: filters.type, siteId: filters.siteId }) : null;
  let rows = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRecord(SCORECARD_CSV_COLUMNS)));
    },
    // Pulled as the client reads: a slow download holds one page, not the whole window.
    async pull(controller) {
      try {
        const next = pages ? await pages.next() : { done: true as const, value: undefined };
        if (next.done) {
          log.info('scorecard exported', { rows, days: filters.days, type: filters.type ?? 'all', site: filters.siteId ?? 'all' });
          controller.close();
          return;
        }
        rows += next.value.length;
        controller.enqueue(encoder.encode(next.value.map(toRecord).join('')));
      } catch (e) {
        log.error('scorecard export failed', { rows, error: e instanceof Error ? e.message : String(e) });
        controller.error(e);
      }
    },
    async cancel() {
      await pages?.return(undefined);
    },
  });

  const day = (d: Date) => d.toISOString().slice(0, 10);
  const parts = ['interlock-scorecard', filters.type ?? 'all-types', filters.siteId ?? 'all-sites', `${day(since)}_${day(now)}`];
  return { filename: `${parts.join('-')}.csv`, stream };
}
