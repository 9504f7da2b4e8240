// The Sparkplug B host application's view of its edge nodes (spec §4, §6):
// births teach metric names, aliases and datatypes; data is decoded through
// them; seq (0..255, wrapping) is checked per edge node, and a gap waits for a
// reorder timeout before a rebirth is requested; a death whose bdSeq matches
// the current birth makes the node's (or device's) data stale. No MQTT and no
// database here: what happens is reported through the callbacks, in order.
import { decodeSparkplugPayload, interpretValue, type DecodedMetric, type DecodedPayload } from '@/lib/ignition/sparkplug/codec';
import { parseSparkplugTopic, type SparkplugTopic } from '@/lib/ignition/sparkplug/topic';
import { sparkplugEventId, type CompiledMapping, type KnownMetric, type MetricMatch } from '@/lib/ignition/sparkplug/mapping';

export interface MappedEvents {
  site: string;
  /** The sender, as stored with the events: "spb:<group>/<edge node>". */
  gateway: string;
  topic: string;
  events: Record<string, unknown>[];
}

export interface SourceStatus {
  site: string;
  group: string;
  node: string;
  /** "" for the edge node itself. */
  device: string;
  online: boolean;
  bdSeq: number | null;
  workCenters: string[];
  at: Date;
}

export interface HostSessionCallbacks {
  onEvents(batch: MappedEvents): void;
  onStatus(status: SourceStatus): void;
  onRebirthRequest(group: string, node: string, reason: string): void;
  /** A message that cannot be used (undecodable, no seq, no bdSeq): kept as a dead letter. */
  onInvalid(topic: string, payload: Uint8Array, error: string, site: string | null): void;
  onOwnState?(online: boolean): void;
  log?(level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, unknown>): void;
}

export interface HostSessionOptions {
  mapping: CompiledMapping;
  hostId: string;
  reorderTimeoutMs: number;
  now?: () => number;
}

interface DeviceState {
  born: boolean;
  aliases: Map<number, string>;
  metrics: Map<string, KnownMetric>;
  workCenters: Set<string>;
}

interface Pending {
  topic: string;
  parsed: Extract<SparkplugTopic, { kind: 'node' | 'device' }>;
  payload: DecodedPayload;
  bytes: Uint8Array;
}

interface NodeState {
  group: string;
  node: string;
  site: string;
  born: boolean;
  bdSeq: number | null;
  nextSeq: number;
  pending: Map<number, Pending>;
  reorderTimer: ReturnType<typeof setTimeout> | null;
  lastRebirthAt: number;
  devices: Map<string, DeviceState>;
}

const SEQ_MOD = 256;

function newDevice(): DeviceState {
  return { born: false, aliases: new Map(), metrics: new Map(), workCenters: new Set() };
}

export class SparkplugHostSession {
  private readonly nodes = new Map<string, NodeState>();
  private readonly now: () => number;
  private stopped = false;

  constructor(
    private readonly options: HostSessionOptions,
    private readonly cb: HostSessionCallbacks,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Feeds one MQTT message (any topic under the subscribed groups, or the host's own STATE). */
  handleMessage(topic: string, bytes: Uint8Array): void {
    if (this.stopped) return;
    const parsed = parseSparkplugTopic(topic);
    if (!parsed) return;
    if (parsed.kind === 'state') {
      if (parsed.hostId === this.options.hostId) this.handleOwnState(bytes);
      return;
    }
    const site = this.options.mapping.siteOf(parsed.group);
    if (!site) return;
    // Commands are what hosts send (our own rebirth requests come back to us).
    if (parsed.type === 'NCMD' || parsed.type === 'DCMD') return;
    let payload: DecodedPayload;
    try {
      payload = decodeSparkplugPayload(bytes);
    } catch (e) {
      this.cb.onInvalid(topic, bytes, `not a Sparkplug B payload: ${(e as Error).message}`, site);
      return;
    }
    const node = this.nodeState(parsed.group, parsed.node, site);
    if (parsed.type === 'NDEATH') return this.handleNodeDeath(node, topic, payload, bytes);
    if (parsed.type === 'NBIRTH') return this.handleNodeBirth(node, topic, payload, bytes);

    // DBIRTH, DDEATH, NDATA, DDATA: in seq order, and only within a known session.
    if (!node.born) {
      this.requestRebirth(node, `${parsed.type} from an edge node whose NBIRTH this host has not seen`);
      return;
    }
    if (payload.seq === null || payload.seq < 0 || payload.seq >= SEQ_MOD) {
      this.cb.onInvalid(topic, bytes, `${parsed.type} without a valid seq`, site);
      return;
    }
    const seq = payload.seq;
    if (seq === node.nextSeq) {
      this.process(node, { topic, parsed, payload, bytes });
      node.nextSeq = (seq + 1) % SEQ_MOD;
      this.drainInOrder(node);
      return;
    }
    const ahead = (seq - node.nextSeq + SEQ_MOD) % SEQ_MOD;
    if (ahead >= SEQ_MOD / 2) {
      // Behind what we expect: a late or repeated message whose place we already passed.
      this.log('warn', 'late or repeated seq dropped', { group: node.group, node: node.node, seq, expected: node.nextSeq });
      return;
    }
    node.pending.set(seq, { topic, parsed, payload, bytes });
    if (!node.reorderTimer) {
      this.log('info', 'seq gap: waiting for the missing messages', { group: node.group, node: node.node, expected: node.nextSeq, got: seq, timeoutMs: this.options.reorderTimeoutMs });
      node.reorderTimer = setTimeout(() => this.reorderTimeout(node), this.options.reorderTimeoutMs);
    }
  }

  /** Cancels timers; later messages are ignored. */
  stop(): void {
    this.stopped = true;
    for (const n of this.nodes.values()) if (n.reorderTimer) clearTimeout(n.reorderTimer);
  }

  /** What the host knows about a node (for tests and diagnostics). */
  describeNode(group: string, node: string) {
    const n = this.nodes.get(`${group}/${node}`);
    if (!n) return null;
    return {
      born: n.born,
      bdSeq: n.bdSeq,
      nextSeq: n.nextSeq,
      pending: [...n.pending.keys()],
      devices: Object.fromEntries(
        [...n.devices.entries()].map(([id, d]) => [id, { born: d.born, aliases: Object.fromEntries(d.aliases), values: Object.fromEntries([...d.metrics].map(([k, v]) => [k, v.value])) }]),
      ),
    };
  }

  private log(level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, unknown>) {
    this.cb.log?.(level, message, fields);
  }

  private nodeState(group: string, node: string, site: string): NodeState {
    const key = `${group}/${node}`;
    let n = this.nodes.get(key);
    if (!n) {
      n = { group, node, site, born: false, bdSeq: null, nextSeq: 0, pending: new Map(), reorderTimer: null, lastRebirthAt: -Infinity, devices: new Map() };
      this.nodes.set(key, n);
    }
    return n;
  }

  private handleOwnState(bytes: Uint8Array) {
    try {
      const state = JSON.parse(Buffer.from(bytes).toString('utf8')) as { online?: unknown };
      if (typeof state.online === 'boolean') this.cb.onOwnState?.(state.online);
    } catch {
      // Someone else's junk on our STATE topic: our next birth overwrites it.
      this.cb.onOwnState?.(false);
    }
  }

  private handleNodeBirth(node: NodeState, topic: string, payload: DecodedPayload, bytes: Uint8Array) {
    const bdSeqMetric = payload.metrics.find((m) => m.name === 'bdSeq');
    const bdSeq = bdSeqMetric ? interpretValue(bdSeqMetric.datatype, bdSeqMetric.field, bdSeqMetric.raw) : null;
    if (typeof bdSeq !== 'number') {
      this.cb.onInvalid(topic, bytes, 'NBIRTH without a bdSeq metric', node.site);
      return;
    }
    if (payload.seq !== 0) this.log('warn', 'NBIRTH with a seq other than 0', { group: node.group, node: node.node, seq: payload.seq });
    if (node.reorderTimer) clearTimeout(node.reorderTimer);
    // A new session: every alias, value and device birth of the old one is void.
    node.born = true;
    node.bdSeq = bdSeq;
    node.nextSeq = ((payload.seq ?? 0) + 1) % SEQ_MOD;
    node.pending.clear();
    node.reorderTimer = null;
    node.devices = new Map([['', newDevice()]]);
    const state = node.devices.get('')!;
    this.learnBirth(state, payload.metrics);
    state.born = true;
    this.log('info', 'NBIRTH', { group: node.group, node: node.node, bdSeq, metrics: payload.metrics.length });
    this.cb.onStatus({ site: node.site, group: node.group, node: node.node, device: '', online: true, bdSeq, workCenters: [...state.workCenters], at: new Date(this.now()) });
    this.emitEvents(node, '', topic, payload, payload.metrics.filter((m) => m.name !== 'bdSeq').map((m) => m.name!).filter(Boolean));
  }

  private handleNodeDeath(node: NodeState, topic: string, payload: DecodedPayload, bytes: Uint8Array) {
    const m = payload.metrics.find((x) => x.name === 'bdSeq');
    const bdSeq = m ? interpretValue(m.datatype, m.field, m.raw) : null;
    if (typeof bdSeq !== 'number') {
      this.cb.onInvalid(topic, bytes, 'NDEATH without a bdSeq metric', node.site);
      return;
    }
    if (!node.born || node.bdSeq !== bdSeq) {
      // The Will of an older connection, delivered after the node came back: not about the current session.
      this.log('info', 'NDEATH for another session ignored', { group: node.group, node: node.node, bdSeq, current: node.bdSeq });
      return;
    }
    node.born = false;
    if (node.reorderTimer) clearTimeout(node.reorderTimer);
    node.reorderTimer = null;
    node.pending.clear();
    const at = new Date(this.now());
    this.log('info', 'NDEATH: node and its devices are stale', { group: node.group, node: node.node, bdSeq });
    for (const [device, d] of node.devices) {
      d.born = false;
      this.cb.onStatus({ site: node.site, group: node.group, node: node.node, device, online: false, bdSeq, workCenters: [...d.workCenters], at });
    }
  }

  private reorderTimeout(node: NodeState) {
    node.reorderTimer = null;
    if (this.stopped || !node.born || node.pending.size === 0) return;
    this.requestRebirth(node, `seq ${node.nextSeq} did not arrive within ${this.options.reorderTimeoutMs} ms`);
    // The messages after the gap are still good data through the aliases we
    // know: use them, in order, rather than drop them while the rebirth comes.
    const ordered = [...node.pending.entries()].sort((a, b) => ((a[0] - node.nextSeq + SEQ_MOD) % SEQ_MOD) - ((b[0] - node.nextSeq + SEQ_MOD) % SEQ_MOD));
    node.pending.clear();
    for (const [seq, p] of ordered) {
      this.process(node, p);
      node.nextSeq = (seq + 1) % SEQ_MOD;
    }
  }

  private drainInOrder(node: NodeState) {
    while (node.pending.has(node.nextSeq)) {
      const p = node.pending.get(node.nextSeq)!;
      node.pending.delete(node.nextSeq);
      this.process(node, p);
      node.nextSeq = (node.nextSeq + 1) % SEQ_MOD;
    }
    if (node.pending.size === 0 && node.reorderTimer) {
      clearTimeout(node.reorderTimer);
      node.reorderTimer = null;
    }
  }

  private requestRebirth(node: NodeState, reason: string) {
    const now = this.now();
    // One request per reorder window: the rebirth takes a moment to arrive.
    if (now - node.lastRebirthAt < this.options.reorderTimeoutMs) return;
    node.lastRebirthAt = now;
    this.log('info', 'requesting a rebirth', { group: node.group, node: node.node, reason });
    this.cb.onRebirthRequest(node.group, node.node, reason);
  }

  private process(node: NodeState, p: Pending) {
    const { parsed, payload, topic } = p;
    if (!node.born) return;
    const deviceId = parsed.kind === 'device' ? parsed.device : '';
    switch (parsed.type) {
      case 'DBIRTH': {
        const d = newDevice();
        this.learnBirth(d, payload.metrics);
        d.born = true;
        node.devices.set(deviceId, d);
        this.log('info', 'DBIRTH', { group: node.group, node: node.node, device: deviceId, metrics: payload.metrics.length });
        this.cb.onStatus({ site: node.site, group: node.group, node: node.node, device: deviceId, online: true, bdSeq: node.bdSeq, workCenters: [...d.workCenters], at: new Date(this.now()) });
        this.emitEvents(node, deviceId, topic, payload, payload.metrics.map((m) => m.name!).filter(Boolean));
        return;
      }
      case 'DDEATH': {
        const d = node.devices.get(deviceId);
        if (!d) return;
        d.born = false;
        this.log('info', 'DDEATH: device is stale', { group: node.group, node: node.node, device: deviceId });
        this.cb.onStatus({ site: node.site, group: node.group, node: node.node, device: deviceId, online: false, bdSeq: node.bdSeq, workCenters: [...d.workCenters], at: new Date(this.now()) });
        return;
      }
      case 'NDATA':
      case 'DDATA': {
        const d = node.devices.get(deviceId);
        if (!d?.born) {
          this.requestRebirth(node, `${parsed.type} for ${deviceId || 'the node'} without a birth`);
          return;
        }
        const changed: string[] = [];
        for (const m of payload.metrics) {
          const name = this.resolveName(d, m);
          if (!name) {
            this.requestRebirth(node, `metric alias ${m.alias} is not in the birth`);
            continue;
          }
          const known = d.metrics.get(name);
          const datatype = m.datatype ?? known?.datatype ?? null;
          d.metrics.set(name, { value: m.isNull ? null : interpretValue(datatype, m.field, m.raw), datatype, timestamp: m.timestamp ?? payload.timestamp });
          changed.push(name);
        }
        this.emitEvents(node, deviceId, topic, payload, changed);
        return;
      }
    }
  }

  private resolveName(d: DeviceState, m: DecodedMetric): string | null {
    if (m.alias !== null) return d.aliases.get(m.alias) ?? (m.name && d.metrics.has(m.name) ? m.name : null);
    return m.name && d.metrics.has(m.name) ? m.name : null;
  }

  private learnBirth(d: DeviceState, metrics: DecodedMetric[]) {
    for (const m of metrics) {
      if (!m.name) continue;
      if (m.alias !== null) d.aliases.set(m.alias, m.name);
      d.metrics.set(m.name, { value: m.isNull ? null : interpretValue(m.datatype, m.field, m.raw), datatype: m.datatype, timestamp: m.timestamp });
      for (const match of this.options.mapping.match(m.name)) {
        const wc = this.options.mapping.workCenterOf(match);
        if (wc) d.workCenters.add(wc);
      }
    }
  }

  /** One event per rule instance touched by the changed metrics of one message. */
  private emitEvents(node: NodeState, deviceId: string, topic: string, payload: DecodedPayload, changed: string[]) {
    const d = node.devices.get(deviceId)!;
    const touched = new Map<string, { match: MetricMatch; ts: number }>();
    for (const name of changed) {
      const ts = d.metrics.get(name)?.timestamp ?? payload.timestamp ?? this.now();
      for (const match of this.options.mapping.match(name)) {
        const t = touched.get(match.instance);
        if (!t || ts > t.ts) touched.set(match.instance, { match, ts });
      }
    }
    if (touched.size === 0) return;
    const events: Record<string, unknown>[] = [];
    for (const { match, ts } of touched.values()) {
      const built = this.options.mapping.buildFields(match, (name) => d.metrics.get(name));
      if ('missing' in built) {
        this.log('debug', 'rule not emitted: metrics without a value', { instance: match.instance, missing: built.missing });
        continue;
      }
      events.push({
        id: sparkplugEventId({ group: node.group, node: node.node, device: deviceId, bdSeq: node.bdSeq ?? 0, seq: payload.seq ?? 0, instance: match.instance, ts }),
        type: this.options.mapping.rules[match.rule].type,
        ts: new Date(ts).toISOString(),
        site: node.site,
        ...built.fields,
      });
    }
    if (events.length) this.cb.onEvents({ site: node.site, gateway: `spb:${node.group}/${node.node}`, topic, events });
  }
}
