import 'server-only';
import mqtt, { type MqttClient } from 'mqtt';
import { ingestJsonMessage, type JsonIngestConfig, type JsonMessageOutcome } from '@/lib/ignition/mqtt/ingest-json-message';
import { jsonEventsTopicFilter } from '@/lib/ignition/mqtt/json-message';
import { recordDeadLetter } from '@/lib/ignition/mqtt/record-dead-letter';
import { reconnectWithBackoff } from '@/lib/ignition/mqtt/reconnect-with-backoff';
import { retryDatabaseWork, StoppedError } from '@/lib/ignition/mqtt/retry-database-work';
import { createLogger, type Logger } from '@/lib/log';

export interface JsonSubscriberOptions extends JsonIngestConfig {
  url: string;
  /** Fixed: the broker keeps the session (and the messages that arrive while we are away) under it. */
  clientId: string;
  /** How long the broker keeps the session while we are disconnected (default 7 days). */
  sessionExpirySeconds?: number;
  log?: Logger;
  /** Called after each message is settled (committed, then acknowledged). */
  onSettled?: (topic: string, outcome: JsonMessageOutcome) => void;
}

export interface JsonSubscriberStats {
  messages: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  deadLetters: number;
}

export interface JsonSubscriber {
  readonly client: MqttClient;
  readonly stats: JsonSubscriberStats;
  /** Resolves once subscribed (for tests and the bench). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Subscribes to `ignition/+/events/+` at QoS 1 on a persistent MQTT 5 session
 * and acknowledges each message only after what it carried is committed: its
 * events through ingestPlantEvents, its faults as a dead letter. mqtt.js's
 * customHandleAcks holds the PUBACK until we answer; until then the broker
 * owns the message and redelivers it to this session after a crash.
 * mqtt.js hands over one message at a time, so throughput is one commit per
 * message: gateways that send many events should send them as arrays.
 */
export function startJsonSubscriber(options: JsonSubscriberOptions): JsonSubscriber {
  const log = options.log ?? createLogger('mqtt-json');
  const stats: JsonSubscriberStats = { messages: 0, accepted: 0, duplicates: 0, rejected: 0, deadLetters: 0 };
  const filter = jsonEventsTopicFilter(options.prefix);
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  let readyResolve: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (readyResolve = r));

  const settle = async (topic: string, payload: Buffer): Promise<void> => {
    const outcome = await retryDatabaseWork({
      what: `message on ${topic}`,
      log,
      isStopped: () => stopped,
      work: () => ingestJsonMessage(options, topic, payload),
      giveUp: async (error) => {
        await recordDeadLetter({ source: 'mqtt-json', topic, payload, error: `could not be stored: ${error.message}` });
        return { accepted: 0, duplicates: 0, rejected: 1, deadLettered: true };
      },
    });
    stats.messages++;
    stats.accepted += outcome.accepted;
    stats.duplicates += outcome.duplicates;
    stats.rejected += outcome.rejected;
    if (outcome.deadLettered) {
      stats.deadLetters++;
      log.warn('message dead-lettered', { topic, accepted: outcome.accepted, rejected: outcome.rejected });
    }
    options.onSettled?.(topic, outcome);
  };

  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 7 * 24 * 3600 },
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    // QoS 1: the PUBACK goes out only when done() is called, i.e. after the commit.
    customHandleAcks: (topic, message, _packet, done) => {
      const work = settle(topic, message);
      inFlight = work.catch(() => {});
      work.then(
        () => done(0),
        (e: unknown) => {
          // Stopping mid-retry: no PUBACK, so the broker redelivers it to the next run.
          if (!(e instanceof StoppedError)) log.error('message left unacknowledged', { topic, error: e instanceof Error ? e.message : String(e) });
        },
      );
    },
  });
  const cancelReconnect = reconnectWithBackoff(client, 'mqtt-json', log);

  // QoS 0 messages skip customHandleAcks: settle them in arrival order too.
  let qos0: Promise<void> = Promise.resolve();
  client.on('message', (topic, message, packet) => {
    if (packet.qos !== 0) return;
    qos0 = qos0.then(() => settle(topic, message)).catch(() => {});
    inFlight = qos0;
  });

  client.on('connect', (connack) => {
    log.info('connected', { url: options.url, clientId: options.clientId, sessionPresent: connack.sessionPresent });
    // Again on every connect: cheap, and right even if the broker lost the session.
    client.subscribe(filter, { qos: 1 }, (err) => {
      if (err) {
        log.error('subscribe failed', { filter, error: err.message });
        return;
      }
      log.info('subscribed', { filter, qos: 1 });
      readyResolve();
    });
  });

  let summaryAt = { ...stats };
  const summary = setInterval(() => {
    if (stats.messages === summaryAt.messages) return;
    log.info('ingested', {
      messages: stats.messages - summaryAt.messages,
      accepted: stats.accepted - summaryAt.accepted,
      duplicates: stats.duplicates - summaryAt.duplicates,
      deadLetters: stats.deadLetters - summaryAt.deadLetters,
    });
    summaryAt = { ...stats };
  }, 10_000);
  summary.unref();

  return {
    client,
    stats,
    ready: () => readyPromise,
    async stop() {
      // No new work; the message being committed finishes and is acknowledged, then we leave.
      stopped = true;
      cancelReconnect();
      await Promise.race([inFlight, new Promise((r) => setTimeout(r, 5_000))]);
      clearInterval(summary);
      await client.endAsync();
    },
  };
}
