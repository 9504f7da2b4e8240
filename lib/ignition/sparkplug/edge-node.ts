// A Sparkplug B edge node (the role Ignition's MQTT Transmission plays), for
// the plant simulator and the tests: NBIRTH/DBIRTH with aliases, NDATA/DDATA
// by alias with seq, NDEATH registered as the Will with bdSeq, and a new birth
// when a host asks for one (NCMD Node Control/Rebirth).
import mqtt, { type MqttClient } from 'mqtt';
import { DataType, decodeSparkplugPayload, encodeSparkplugPayload, interpretValue, type MetricToEncode, type MetricValue } from '@/lib/ignition/sparkplug/codec';
import { deviceTopic, nodeTopic } from '@/lib/ignition/sparkplug/topic';

export interface EdgeMetric {
  name: string;
  datatype: number;
  value: MetricValue;
}

export interface EdgeNodeOptions {
  url: string;
  group: string;
  node: string;
  devices: { id: string; metrics: EdgeMetric[] }[];
  /** Node-level metrics besides bdSeq and Node Control/Rebirth. */
  nodeMetrics?: EdgeMetric[];
  /** The bdSeq of the first connection (then +1 per CONNECT, wrapping at 256). */
  bdSeq?: number;
  log?: (line: string) => void;
}

interface MetricState extends EdgeMetric {
  alias: number;
  timestamp: number;
}

export class SparkplugEdgeNode {
  private client: MqttClient | null = null;
  private seq = 0;
  private bdSeq: number;
  private connects = 0;
  private readonly devices = new Map<string, Map<string, MetricState>>();
  private readonly nodeMetrics = new Map<string, MetricState>();
  private readonly deadDevices = new Set<string>();
  private readonly log: (line: string) => void;
  /** Rebirths done on a host's request. */
  rebirths = 0;
  /** Messages published (births, data, deaths). */
  published = 0;

  constructor(private readonly options: EdgeNodeOptions) {
    this.bdSeq = options.bdSeq ?? 0;
    this.log = options.log ?? (() => {});
    let alias = 1;
    const now = Date.now();
    const add = (into: Map<string, MetricState>, m: EdgeMetric) => into.set(m.name, { ...m, alias: alias++, timestamp: now });
    for (const m of [{ name: 'Node Control/Rebirth', datatype: DataType.Boolean, value: false }, ...(options.nodeMetrics ?? [])]) add(this.nodeMetrics, m);
    for (const d of options.devices) {
      const metrics = new Map<string, MetricState>();
      for (const m of d.metrics) add(metrics, m);
      this.devices.set(d.id, metrics);
    }
  }

  get currentBdSeq(): number {
    return this.bdSeq;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Connects (the Will is the NDEATH) and publishes the births. */
  async connect(): Promise<void> {
    const { url, group, node } = this.options;
    const client = mqtt.connect(url, {
      clientId: `spb-edge-${group}-${node}-${Math.random().toString(36).slice(2, 8)}`.slice(0, 64),
      clean: true,
      reconnectPeriod: 1000,
      // Data is worthless after a reconnect: the new session starts with births.
      queueQoSZero: false,
      will: { topic: nodeTopic(group, 'NDEATH', node), payload: Buffer.from(this.deathPayload()), qos: 1, retain: false },
    });
    this.client = client;
    client.on('error', (e) => this.log(`edge ${node}: ${e.message}`));
    client.on('reconnect', () => {
      // Every new CONNECT carries the next bdSeq in its Will; the births repeat it.
      this.bdSeq = (this.bdSeq + 1) % 256;
      if (client.options.will) client.options.will.payload = Buffer.from(this.deathPayload());
    });
    client.on('message', (topic, message) => this.onCommand(topic, message));
    await new Promise<void>((resolve) => {
      client.on('connect', () => {
        this.connects++;
        client.subscribe([nodeTopic(group, 'NCMD', node), `${deviceTopic(group, 'DCMD', node, '+')}`], { qos: 0 }, () => {
          this.birth();
          resolve();
        });
      });
    });
  }

  /** NBIRTH and every DBIRTH, seq from 0. */
  birth(): void {
    this.seq = 0;
    const now = Date.now();
    const nodeMetrics: MetricToEncode[] = [
      { name: 'bdSeq', timestamp: now, datatype: DataType.Int64, value: this.bdSeq },
      ...[...this.nodeMetrics.values()].map((m) => ({ name: m.name, alias: m.alias, timestamp: m.timestamp, datatype: m.datatype, value: m.value })),
    ];
    this.publish(nodeTopic(this.options.group, 'NBIRTH', this.options.node), encodeSparkplugPayload({ timestamp: now, seq: this.nextSeq(), metrics: nodeMetrics }));
    this.deadDevices.clear();
    for (const id of this.devices.keys()) this.deviceBirth(id);
  }

  deviceBirth(id: string): void {
    const metrics = this.devices.get(id);
    if (!metrics) throw new Error(`unknown device ${id}`);
    this.deadDevices.delete(id);
    const now = Date.now();
    const payload = encodeSparkplugPayload({
      timestamp: now,
      seq: this.nextSeq(),
      metrics: [...metrics.values()].map((m) => ({ name: m.name, alias: m.alias, timestamp: m.timestamp, datatype: m.datatype, value: m.value })),
    });
    this.publish(deviceTopic(this.options.group, 'DBIRTH', this.options.node, id), payload);
  }

  deviceDeath(id: string): void {
    this.deadDevices.add(id);
    const now = Date.now();
    this.publish(deviceTopic(this.options.group, 'DDEATH', this.options.node, id), encodeSparkplugPayload({ timestamp: now, seq: this.nextSeq(), metrics: [] }));
  }

  /**
   * Publishes the changed metrics of a device (DDATA) by alias, without
   * datatypes (the host knows them from the birth). Unchanged values are left
   * out (report by exception) unless `force`.
   */
  update(device: string, changes: { name: string; value: MetricValue; timestamp?: number }[], options: { force?: boolean } = {}): number {
    const metrics = this.devices.get(device);
    if (!metrics) throw new Error(`unknown device ${device}`);
    if (this.deadDevices.has(device)) return 0;
    const now = Date.now();
    const out: MetricToEncode[] = [];
    for (const c of changes) {
      const m = metrics.get(c.name);
      if (!m) throw new Error(`metric ${c.name} is not in the birth of ${device}`);
      if (!options.force && sameValue(m.value, c.value)) continue;
      m.value = c.value;
      m.timestamp = c.timestamp ?? now;
      out.push({ alias: m.alias, timestamp: m.timestamp, datatype: m.datatype, value: m.value });
    }
    if (!out.length) return 0;
    this.publish(deviceTopic(this.options.group, 'DDATA', this.options.node, device), encodeSparkplugPayload({ timestamp: now, seq: this.nextSeq(), metrics: out }, { withDatatypes: false }));
    return out.length;
  }

  /** Loses the next n seq numbers, as if n messages never reached the broker (tests). */
  skipSeq(n: number): void {
    for (let i = 0; i < n; i++) this.nextSeq();
  }

  /** Ends the connection without DISCONNECT, so the broker publishes the Will (NDEATH). */
  async crash(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (c) await new Promise<void>((r) => c.end(true, {}, () => r()));
  }

  /** A clean stop: the spec has the node publish its NDEATH itself before DISCONNECT. */
  async stop(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (!c) return;
    if (c.connected) await c.publishAsync(nodeTopic(this.options.group, 'NDEATH', this.options.node), Buffer.from(this.deathPayload()), { qos: 1 }).catch(() => undefined);
    await c.endAsync();
  }

  private deathPayload(): Uint8Array {
    return encodeSparkplugPayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', timestamp: Date.now(), datatype: DataType.Int64, value: this.bdSeq }] });
  }

  private nextSeq(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) % 256;
    return s;
  }

  private publish(topic: string, payload: Uint8Array): void {
    if (!this.client?.connected) return;
    this.published++;
    this.client.publish(topic, Buffer.from(payload), { qos: 0 });
  }

  private onCommand(topic: string, message: Buffer): void {
    try {
      const payload = decodeSparkplugPayload(message);
      const rebirth = payload.metrics.find((m) => (m.name === 'Node Control/Rebirth' || m.alias === this.nodeMetrics.get('Node Control/Rebirth')?.alias) && interpretValue(DataType.Boolean, m.field, m.raw) === true);
      if (rebirth && topic.includes('/NCMD/')) {
        this.rebirths++;
        this.log(`edge ${this.options.node}: rebirth requested by a host`);
        this.birth();
      }
    } catch {
      this.log(`edge ${this.options.node}: undecodable command on ${topic}`);
    }
  }
}

function sameValue(a: MetricValue, b: MetricValue): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) return false;
  return a === b;
}
