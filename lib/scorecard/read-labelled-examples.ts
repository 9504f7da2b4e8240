import 'server-only';
import { db, type Tx } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { ScorecardExample } from '@/lib/scorecard/compute-scorecard';

export interface LabelledExampleRow extends ScorecardExample {
  id: string;
  engine: string;
  modelVersion: string;
  aiConfidence: number;
  edit: unknown;
  decidedById: string | null;
}

export interface ExampleWindow {
  /** From exampleScopeSql: the principal's sites and lines. */
  scope: Prisma.Sql;
  since: Date;
  until: Date;
  type?: string;
  siteId?: string;
  engine?: string;
  /**
   * Count a recommendation once: when a person decided it and it was also
   * observed, the decision is the evidence. The audit export keeps both rows.
   */
  onePerRecommendation?: boolean;
}

const COLUMNS = Prisma.sql`e."id", e."engine", e."recommendationId", e."decisionType", e."siteId", e."lineId", e."source", e."modelVersion",
  e."aiVerdict", e."aiAction", e."aiConfidence", e."outcome", e."humanAction", e."agreed", e."reasonCode", e."edit",
  e."costValue", e."costMinutes", e."decidedAt", e."decidedById", e."decidedByName"`;

function fromAndWhere(w: ExampleWindow, extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  // An anti-join, not NOT EXISTS under an OR: the planner can then probe the (recommendationId, source) index row by row.
  const dedupe = w.onePerRecommendation
    ? Prisma.sql`LEFT JOIN "LabelledExample" d ON e."source" = 'OBSERVED' AND d."recommendationId" = e."recommendationId" AND d."source" = 'DECISION'`
    : Prisma.empty;
  return Prisma.sql`
    FROM "LabelledExample" e ${dedupe}
    WHERE e."decidedAt" >= ${w.since} AND e."decidedAt" <= ${w.until}
      AND (${w.scope})
      ${w.type ? Prisma.sql`AND e."decisionType" = ${w.type}` : Prisma.empty}
      ${w.siteId ? Prisma.sql`AND e."siteId" = ${w.siteId}` : Prisma.empty}
      ${w.engine ? Prisma.sql`AND e."engine" = ${w.engine}` : Prisma.empty}
      ${w.onePerRecommendation ? Prisma.sql`AND d."id" IS NULL` : Prisma.empty}
      ${extra}`;
}

export const CURSOR_BATCH = 2000;

/**
 * Folds every example of a window, in batches, through `onPage`: one query
 * behind a server-side cursor, in a read-only snapshot, so the figures are
 * consistent and a year of decisions never sits in memory at once. `onPage`
 * gets the transaction for any lookup it needs in the same snapshot.
 */
export async function forEachLabelledExamplePage(
  w: ExampleWindow,
  onPage: (rows: LabelledExampleRow[], tx: Tx) => Promise<void> | void,
  batch = CURSOR_BATCH,
): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      await tx.$executeRaw`DECLARE scorecard_examples NO SCROLL CURSOR FOR SELECT ${COLUMNS} ${fromAndWhere(w)}`;
      for (;;) {
        const rows = await tx.$queryRaw<LabelledExampleRow[]>`FETCH ${Prisma.raw(String(batch))} FROM scorecard_examples`;
        if (rows.length > 0) await onPage(rows, tx);
        if (rows.length < batch) break;
      }
    },
    // A long window is read in one pass; give it time, but not forever.
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 120_000, maxWait: 10_000 },
  );
}

export const EXAMPLE_PAGE_SIZE = 5000;

/**
 * The examples of a window, oldest first, a page at a time (keyset on
 * decidedAt and id), each page its own short query: for a download that the
 * client consumes at its own pace, where holding a transaction open would not do.
 */
export async function* pagesOfLabelledExamples(w: ExampleWindow, pageSize = EXAMPLE_PAGE_SIZE): AsyncGenerator<LabelledExampleRow[]> {
  let cursor: { at: Date; id: string } | null = null;
  for (;;) {
    const after: Prisma.Sql = cursor ? Prisma.sql`AND (e."decidedAt", e."id") > (${cursor.at}, ${cursor.id})` : Prisma.empty;
    const rows: LabelledExampleRow[] = await db.$queryRaw<LabelledExampleRow[]>`
      SELECT ${COLUMNS} ${fromAndWhere(w, after)}
      ORDER BY e."decidedAt", e."id"
      LIMIT ${pageSize}`;
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    cursor = { at: last.decidedAt, id: last.id };
  }
}
