// Publishes plant events as plain JSON on ignition/<site>/events/<type> (QoS 1),
// as an Ignition gateway script would: the plant simulator's and the ingest
// bench's MQTT transport.
import mqtt, { type MqttClient } from 'mqtt';
import { jsonEventsTopic } from '@/lib/ignition/mqtt/json-message';

export interface JsonPublisherOptions {
  url: string;
  /** Topic prefix, '' in production. */
  prefix?: string;
  clientId?: string;
  log?: (line: string) => void;
}

export class JsonEventPublisher {
  private client: MqttClient | null = null;

  constructor(private readonly options: JsonPublisherOptions) {}

  async connect(): Promise<void> {
    const client = mqtt.connect(this.options.url, {
      clientId: this.options.clientId ?? `ign-json-pub-${Math.random().toString(36).slice(2, 10)}`,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    this.client = client;
    client.on('error', (e) => this.options.log?.(`mqtt publisher: ${e.message}`));
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  }

  /**
   * One message per (site, type) holding up to `perMessage` events (an array;
   * a single event when perMessage is 1). Resolves when the broker has them all
   * (PUBACK from the broker: stored by the broker, not yet by Interlock).
   */
  async publish(events: { site: string; type: string }[], perMessage = 100): Promise<number> {
    const client = this.client;
    if (!client) throw new Error('not connected');
    const groups = new Map<string, { site: string; type: string }[]>();
    for (const e of events) {
      const k = `${e.site}\u0000${e.type}`;
      const g = groups.get(k);
      if (g) g.push(e);
      else groups.set(k, [e]);
    }
    const sends: Promise<unknown>[] = [];
    for (const g of groups.values()) {
      for (let i = 0; i < g.length; i += perMessage) {
        const chunk = g.slice(i, i + perMessage);
        const body = perMessage === 1 ? JSON.stringify(chunk[0]) : JSON.stringify(chunk);
        sends.push(client.publishAsync(jsonEventsTopic(this.options.prefix ?? '', g[0].site, g[0].type), body, { qos: 1 }));
      }
    }
    await Promise.all(sends);
    return sends.length;
  }

  /** Publishes raw bytes on a topic (tests: malformed messages). */
  async publishRaw(topic: string, payload: string | Buffer): Promise<void> {
    if (!this.client) throw new Error('not connected');
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  async end(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (c) await c.endAsync();
  }
}
