// Plain-JSON plant events over MQTT: `[<prefix>]ignition/<site>/events/<type>`,
// each message one event or an array of them (product.md). This file checks
// what can be checked without the database: the topic, the encoding, the JSON,
// and that every event names the topic's site and type. Pure.
import { MAX_BATCH, plantEventSchema } from '@/lib/ignition/plant-event.schema';

export const EVENT_TYPES = plantEventSchema.options.map((o) => o.shape.type.value);

export function jsonEventsTopicFilter(prefix: string): string {
  return `${prefix}ignition/+/events/+`;
}

export function jsonEventsTopic(prefix: string, site: string, type: string): string {
  return `${prefix}ignition/${site}/events/${type}`;
}

export function parseJsonEventsTopic(prefix: string, topic: string): { site: string; type: string } | null {
  if (!topic.startsWith(prefix)) return null;
  const parts = topic.slice(prefix.length).split('/');
  if (parts.length !== 4 || parts[0] !== 'ignition' || parts[2] !== 'events' || !parts[1] || !parts[3]) return null;
  return { site: parts[1], type: parts[3] };
}

export interface Rejection {
  index: number;
  id: string | null;
  errors: string[];
}

export type PreparedMessage =
  /** Nothing in the message can be used: it goes to the dead letters whole. */
  | { kind: 'dead'; error: string; siteId: string | null }
  /** Events to ingest (with their index in the message), and those already refused. */
  | { kind: 'events'; siteId: string; candidates: { index: number; raw: unknown }[]; rejected: Rejection[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function prepareJsonMessage(options: { prefix: string; allowedSites: string[] }, topic: string, payload: Uint8Array): PreparedMessage {
  const t = parseJsonEventsTopic(options.prefix, topic);
  if (!t) return { kind: 'dead', error: `topic ${topic} is not ${options.prefix}ignition/<site>/events/<type>`, siteId: null };
  if (!options.allowedSites.includes(t.site)) return { kind: 'dead', error: `site ${t.site} is not a site this broker's gateways may report for`, siteId: null };
  if (!(EVENT_TYPES as string[]).includes(t.type)) return { kind: 'dead', error: `event type ${t.type} is unknown (one of ${EVENT_TYPES.join(', ')})`, siteId: t.site };
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payload));
  } catch (e) {
    return { kind: 'dead', error: e instanceof TypeError ? 'payload is not UTF-8 text' : 'payload is not valid JSON', siteId: t.site };
  }
  const items = Array.isArray(json) ? json : [json];
  if (items.length === 0 || items.length > MAX_BATCH) return { kind: 'dead', error: `a message holds 1 to ${MAX_BATCH} events, not ${items.length}`, siteId: t.site };
  const candidates: { index: number; raw: unknown }[] = [];
  const rejected: Rejection[] = [];
  items.forEach((raw, index) => {
    const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
    const id = obj && typeof obj.id === 'string' ? obj.id : null;
    const errors: string[] = [];
    // Events without a site or type are left to the schema, which names the missing field.
    if (obj && 'site' in obj && obj.site !== t.site) errors.push(`site: ${String(obj.site)} does not match the topic's site ${t.site}`);
    if (obj && 'type' in obj && obj.type !== t.type) errors.push(`type: ${String(obj.type)} does not match the topic's type ${t.type}`);
    if (errors.length) rejected.push({ index, id, errors });
    else candidates.push({ index, raw });
  });
  return { kind: 'events', siteId: t.site, candidates, rejected };
}
