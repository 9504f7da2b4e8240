import 'server-only';
import { ingestPlantEvents } from '@/lib/ignition/ingest-plant-events';
import { prepareJsonMessage, type Rejection } from '@/lib/ignition/mqtt/json-message';
import { recordDeadLetter } from '@/lib/ignition/mqtt/record-dead-letter';

export interface JsonIngestConfig {
  /** Topic prefix ('' in production; tests and benches isolate themselves with one). */
  prefix: string;
  /** Sites the topics may name. */
  allowedSites: string[];
  /** Stored as the events' gateway. */
  gateway: string;
}

export interface JsonMessageOutcome {
  accepted: number;
  duplicates: number;
  rejected: number;
  deadLettered: boolean;
}

/**
 * One MQTT message of plain-JSON plant events: its good events go through
 * ingestPlantEvents (the same path as HTTP), the rest into one dead letter.
 * Everything it decides is committed when it returns, so the caller may then
 * acknowledge the message. Throws only when the database cannot be written.
 */
export async function ingestJsonMessage(config: JsonIngestConfig, topic: string, payload: Uint8Array): Promise<JsonMessageOutcome> {
  const prepared = prepareJsonMessage(config, topic, payload);
  if (prepared.kind === 'dead') {
    await recordDeadLetter({ source: 'mqtt-json', topic, siteId: prepared.siteId, payload, error: prepared.error });
    return { accepted: 0, duplicates: 0, rejected: 1, deadLettered: true };
  }
  let accepted = 0;
  let duplicates = 0;
  const rejected: Rejection[] = [...prepared.rejected];
  if (prepared.candidates.length) {
    const result = await ingestPlantEvents(
      { gateway: config.gateway, allowedSites: [prepared.siteId] },
      prepared.candidates.map((c) => c.raw),
    );
    accepted = result.accepted;
    duplicates = result.duplicates;
    // Back to the event's place in the message.
    for (const r of result.rejected) rejected.push({ ...r, index: prepared.candidates[r.index].index });
  }
  if (rejected.length) {
    rejected.sort((a, b) => a.index - b.index);
    const first = rejected[0];
    await recordDeadLetter({
      source: 'mqtt-json',
      topic,
      siteId: prepared.siteId,
      payload,
      error: `${rejected.length} of ${prepared.candidates.length + prepared.rejected.length} events refused; first (index ${first.index}): ${first.errors.join('; ')}`,
      details: rejected,
    });
  }
  return { accepted, duplicates, rejected: rejected.length, deadLettered: rejected.length > 0 };
}
