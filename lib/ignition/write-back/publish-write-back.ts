import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { getCursor, saveCursors } from '@/lib/ignition/write-back/cursor-store';
import { advanceCursor, missedRows, type ChangedRow, type Cursor } from '@/lib/ignition/write-back/write-back-cursor';
import { orderTopic, recommendationTopic, toWriteBackStatus, type WriteBackStatus } from '@/lib/ignition/write-back/write-back-message';

export interface WriteBackMessage {
  topic: string;
  status: WriteBackStatus;
}

/** Where status messages go (the MQTT broker, a WebDev endpoint). Resolves once the other side has them all. */
export interface WriteBackSink {
  send(messages: WriteBackMessage[]): Promise<void>;
}

export interface PublishWriteBackOptions {
  /** Names this sink's cursors: each sink moves at its own pace. */
  channel: string;
  sink: WriteBackSink;
  topicPrefix: string;
  /** How late a row may become visible after its timestamp and still be found (its transaction's length). */
  overlapMs?: number;
  batchSize?: number;
}

const include = {
  order: { select: { erpOrderId: true } },
  decisions: { orderBy: { createdAt: 'desc' }, take: 1 },
  postings: { orderBy: { updatedAt: 'desc' }, take: 1 },
} satisfies Prisma.RecommendationInclude;

function after(cursor: Cursor) {
  return [{ updatedAt: { gt: cursor.at } }, { updatedAt: cursor.at, id: { gt: cursor.lastKey } }];
}

function lookBack(cursor: Cursor, overlapMs: number) {
  return { updatedAt: { gt: new Date(cursor.at.getTime() - overlapMs), lte: cursor.at } };
}

/**
 * One pass: finds the recommendations changed since this channel's cursors (a
 * status change, or a change of one of their postings), sends their current
 * status to the recommendation's topic and to its order's topic, and moves the
 * cursors only once the sink acknowledged. A failed send leaves the cursors
 * where they were, so the next pass sends it again (a retained message sent
 * twice is harmless; one never sent is not). Returns how many recommendations
 * were sent.
 */
export async function publishWriteBack(options: PublishWriteBackOptions): Promise<number> {
  const overlapMs = options.overlapMs ?? 5_000;
  const take = options.batchSize ?? 200;
  const recName = `${options.channel}:recommendations`;
  const postName = `${options.channel}:postings`;
  const [recCursor, postCursor] = await Promise.all([getCursor(recName), getCursor(postName)]);

  const select = { id: true, updatedAt: true } as const;
  const [recNew, recLate, postNew, postLate] = await Promise.all([
    db.recommendation.findMany({ where: { OR: after(recCursor) }, orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }], take, select }),
    db.recommendation.findMany({ where: lookBack(recCursor, overlapMs), select }),
    db.erpPosting.findMany({ where: { OR: after(postCursor) }, orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }], take, select: { ...select, recommendationId: true } }),
    db.erpPosting.findMany({ where: lookBack(postCursor, overlapMs), select: { ...select, recommendationId: true } }),
  ]);
  const asRow = (r: { id: string; updatedAt: Date }): ChangedRow => ({ key: r.id, at: r.updatedAt });
  const recRows = [...recNew.map(asRow), ...missedRows(recCursor, recLate.map(asRow))];
  const postPicked = [...postNew, ...postLate.filter((p) => missedRows(postCursor, [asRow(p)]).length > 0)];
  const postRows = postPicked.map(asRow);
  if (recRows.length === 0 && postRows.length === 0) return 0;

  const ids = [...new Set([...recRows.map((r) => r.key), ...postPicked.map((p) => p.recommendationId)])];
  const recs = await db.recommendation.findMany({ where: { id: { in: ids } }, include });
  // The order topic shows the order's newest recommendation, whichever of its recommendations changed.
  const orderIds = [...new Set(recs.map((r) => r.orderId).filter((x): x is string => x !== null))];
  const newestPerOrder = orderIds.length
    ? await db.recommendation.findMany({ where: { orderId: { in: orderIds } }, orderBy: [{ orderId: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }], distinct: ['orderId'], include })
    : [];

  const messages: WriteBackMessage[] = recs.map((r) => {
    const status = toWriteBackStatus(r);
    return { topic: recommendationTopic(options.topicPrefix, r.siteId, r.id), status };
  });
  for (const r of newestPerOrder) {
    if (r.order) messages.push({ topic: orderTopic(options.topicPrefix, r.siteId, r.order.erpOrderId), status: toWriteBackStatus(r) });
  }
  await options.sink.send(messages);
  await saveCursors({ [recName]: advanceCursor(recCursor, recRows, overlapMs), [postName]: advanceCursor(postCursor, postRows, overlapMs) });
  return recs.length;
}
