import 'server-only';
import { db, type Tx } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { plantEventSchema, type IngestResult, type PlantEvent } from '@/lib/ignition/plant-event.schema';
import { applyPlantEvents } from '@/lib/ignition/apply-plant-event';
import { RESCORE_WORK_CENTER_TASK } from '@/lib/decisions/feasibility/rescore-task';
import { createLogger } from '@/lib/log';

const log = createLogger('ingest');

export interface IngestSource {
  gateway: string;
  /** Sites the sender may report for; events for other sites are rejected. */
  allowedSites: string[];
}

/**
 * The one way plant events enter Interlock (HTTP today; MQTT and Sparkplug call
 * it too). New events are stored and applied to plant state in one
 * transaction, which commits before the caller answers: an accepted event is
 * durable. An id seen before is a duplicate and changes nothing.
 */
export async function ingestPlantEvents(source: IngestSource, rawEvents: unknown[]): Promise<IngestResult> {
  const rejected: IngestResult['rejected'] = [];
  const valid: { index: number; event: PlantEvent }[] = [];
  const seenInBatch = new Set<string>();
  let duplicates = 0;

  rawEvents.forEach((raw, index) => {
    const parsed = plantEventSchema.safeParse(raw);
    const id = typeof raw === 'object' && raw && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
    if (!parsed.success) {
      rejected.push({ index, id, errors: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)) });
      return;
    }
    if (!source.allowedSites.includes(parsed.data.site)) {
      rejected.push({ index, id, errors: [`site: ${parsed.data.site} is not a site this gateway may report for`] });
      return;
    }
    if (seenInBatch.has(parsed.data.id)) {
      duplicates++;
      return;
    }
    seenInBatch.add(parsed.data.id);
    valid.push({ index, event: parsed.data });
  });

  if (valid.length === 0) return { accepted: 0, duplicates, rejected };

  const accepted = await db.$transaction(
    async (tx) => {
      const inserted = await insertNew(tx, source.gateway, valid.map((v) => v.event));
      duplicates += valid.length - inserted.size;
      // Apply in event-time order: a late event never overwrites newer state.
      const fresh = valid.map((v) => v.event).filter((e) => inserted.has(e.id)).sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
      const touchedWorkCenters = await applyPlantEvents(tx, fresh);
      if (touchedWorkCenters.length) {
        // One re-check per work center for a burst of events: the first event
        // schedules it 2 s out and later ones join it (preserve_run_at). With
        // 'replace' every event pushed it back, so a work center reporting
        // more often than every 2 s was never re-checked. Sorted ids: the job
        // rows are locked in the same order by concurrent batches.
        await tx.$executeRaw`
          SELECT graphile_worker.add_job(${RESCORE_WORK_CENTER_TASK}::text, json_build_object('workCenterId', t.id), run_at := now() + interval '2 seconds',
            job_key := 'rescore:' || t.id, job_key_mode := 'preserve_run_at')
          FROM unnest(${touchedWorkCenters}::text[]) WITH ORDINALITY AS t(id, n) ORDER BY t.n`;
      }
      return inserted.size;
    },
    // maxWait: under load a batch may queue for a pooled connection longer than Prisma's 2 s default.
    { timeout: 30_000, maxWait: 10_000 },
  );
  if (accepted > 0 || rejected.length > 0) log.info('batch ingested', { gateway: source.gateway, accepted, duplicates, rejected: rejected.length });
  return { accepted, duplicates, rejected };
}

/** Inserts the events whose ids are new; returns those ids. Concurrent batches with the same id insert it once. */
async function insertNew(tx: Tx, gateway: string, events: PlantEvent[]): Promise<Set<string>> {
  const rows = events.map((e) => ({ sourceId: e.id, gateway, type: e.type, ts: e.ts, siteId: e.site, payload: e }));
  const result = await tx.$queryRaw<{ sourceId: string }[]>(Prisma.sql`
    INSERT INTO "PlantEvent" ("sourceId", "gateway", "type", "ts", "siteId", "payload")
    SELECT r."sourceId", r."gateway", r."type", (r."ts"::timestamptz AT TIME ZONE 'UTC'), r."siteId", r."payload"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r("sourceId" text, "gateway" text, "type" text, "ts" text, "siteId" text, "payload" jsonb)
    ON CONFLICT ("sourceId") DO NOTHING
    RETURNING "sourceId"`);
  return new Set(result.map((r) => r.sourceId));
}
