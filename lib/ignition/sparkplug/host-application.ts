import 'server-only';
import mqtt, { type MqttClient } from 'mqtt';
import { DataType, encodeSparkplugPayload } from '@/lib/ignition/sparkplug/codec';
import { SparkplugHostSession } from '@/lib/ignition/sparkplug/host-session';
import { SparkplugIngestQueue } from '@/lib/ignition/sparkplug/ingest-queue';
import { NAMESPACE, nodeTopic, statePayload, stateTopic } from '@/lib/ignition/sparkplug/topic';
import type { CompiledMapping } from '@/lib/ignition/sparkplug/mapping';
import { reconnectWithBackoff } from '@/lib/ignition/mqtt/reconnect-with-backoff';
import { createLogger, type Logger } from '@/lib/log';

export interface SparkplugHostOptions {
  url: string;
  /** The Sparkplug host id: STATE goes to spBv1.0/STATE/<hostId>. */
  hostId: string;
  mapping: CompiledMapping;
  reorderTimeoutMs: number;
  log?: Logger;
  /** Events waiting for the database above which the host stops reading from the broker. */
  highWater?: number;
}

export interface SparkplugHost {
  readonly client: MqttClient;
  readonly session: SparkplugHostSession;
  readonly queue: SparkplugIngestQueue;
  /** Resolves once subscribed and the STATE birth is published. */
  ready(): Promise<void>;
  /** Resolves when everything received so far is written. */
  idle(): Promise<void>;
  /** Publishes STATE offline, writes what is queued (bounded wait) and disconnects. */
  stop(): Promise<void>;
}

/**
 * The Sparkplug B host application: announces itself with a retained STATE
 * birth (its Will says offline), subscribes to its groups, and hands every
 * message to the session, which turns births, data and deaths into plant
 * events and source status, written in order by the queue. Clean session and
 * QoS 0 data, as the spec wants: reliability comes from seq, bdSeq and
 * rebirth requests, not from the broker.
 */
export function startSparkplugHost(options: SparkplugHostOptions): SparkplugHost {
  const log = options.log ?? createLogger('sparkplug');
  const queue = new SparkplugIngestQueue(log, { highWater: options.highWater });
  const state = stateTopic(options.hostId);
  let stopping = false;
  // The STATE birth must carry the timestamp of the Will in the CONNECT before it.
  let connectTs = Date.now();
  let readyResolve: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (readyResolve = r));

  const client = mqtt.connect(options.url, {
    // Clean session: the client id carries no state, and a random part keeps two
    // installations that share a host id from taking each other's connection.
    clientId: `interlock-host-${options.hostId.slice(0, 40)}-${Math.random().toString(36).slice(2, 10)}`,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    will: { topic: state, payload: Buffer.from(statePayload(false, connectTs)), qos: 1, retain: true },
  });
  const cancelReconnect = reconnectWithBackoff(client, 'sparkplug', log);
  client.on('reconnect', () => {
    connectTs = Date.now();
    if (client.options.will) client.options.will.payload = Buffer.from(statePayload(false, connectTs));
  });

  const publishBirth = () => {
    client.publish(state, statePayload(true, connectTs), { qos: 1, retain: true }, (err) => {
      if (err) log.error('STATE birth not published', { error: err.message });
      else {
        log.info('STATE online', { topic: state });
        readyResolve();
      }
    });
  };

  const session = new SparkplugHostSession(
    { mapping: options.mapping, hostId: options.hostId, reorderTimeoutMs: options.reorderTimeoutMs },
    {
      onEvents: (batch) => queue.push({ kind: 'events', batch }),
      onStatus: (status) => queue.push({ kind: 'status', status }),
      onInvalid: (topic, payload, error, site) => queue.push({ kind: 'dead', letter: { source: 'sparkplug', topic, siteId: site, payload, error } }),
      onRebirthRequest: (group, node, reason) => {
        const now = Date.now();
        const payload = encodeSparkplugPayload({ timestamp: now, metrics: [{ name: 'Node Control/Rebirth', timestamp: now, datatype: DataType.Boolean, value: true }] });
        client.publish(nodeTopic(group, 'NCMD', node), Buffer.from(payload), { qos: 0 });
        log.info('Rebirth requested', { group, node, reason });
      },
      onOwnState: (online) => {
        // Someone (a stale Will, another process) says we are offline while we are not: say otherwise.
        if (!online && client.connected && !stopping) publishBirth();
      },
      log: (level, message, fields) => log[level](message, fields),
    },
  );

  client.on('message', (topic, message) => session.handleMessage(topic, message));
  // Backpressure: while the database is behind, stop reading (the next packet
  // is parsed only after this callback), instead of queueing without bound.
  client.handleMessage = (_packet, callback) => {
    queue.waitForRoom().then(() => callback(), callback);
  };

  client.on('connect', () => {
    const groups = options.mapping.groups.map((g) => `${NAMESPACE}/${g}/#`);
    log.info('connected', { url: options.url, hostId: options.hostId, groups: options.mapping.groups.join(',') });
    // Spec: subscribe to our own STATE and the groups, then publish the birth.
    client.subscribe([state, ...groups], { qos: 1 }, (err) => {
      if (err) {
        log.error('subscribe failed', { error: err.message });
        return;
      }
      publishBirth();
    });
  });

  let summaryAt = { ...queue.stats };
  const summary = setInterval(() => {
    const s = queue.stats;
    if (s.events === summaryAt.events && s.statusChanges === summaryAt.statusChanges && s.deadLetters === summaryAt.deadLetters) return;
    log.info('ingested', { events: s.events - summaryAt.events, accepted: s.accepted - summaryAt.accepted, duplicates: s.duplicates - summaryAt.duplicates, statusChanges: s.statusChanges - summaryAt.statusChanges, deadLetters: s.deadLetters - summaryAt.deadLetters, queued: queue.length });
    summaryAt = { ...s };
  }, 10_000);
  summary.unref();

  return {
    client,
    session,
    queue,
    ready: () => readyPromise,
    idle: () => queue.idle(),
    async stop() {
      stopping = true;
      session.stop();
      cancelReconnect();
      clearInterval(summary);
      if (client.connected) {
        // Spec: a host that disconnects cleanly publishes its death first.
        await client.publishAsync(state, statePayload(false, Date.now()), { qos: 1, retain: true }).catch(() => undefined);
        log.info('STATE offline', { topic: state });
      }
      await Promise.race([queue.idle(), new Promise((r) => setTimeout(r, 10_000))]);
      queue.stop();
      await client.endAsync();
    },
  };
}
