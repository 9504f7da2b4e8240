import 'server-only';
import mqtt, { type MqttClient } from 'mqtt';
import { reconnectWithBackoff } from '@/lib/ignition/mqtt/reconnect-with-backoff';
import type { WriteBackMessage, WriteBackSink } from '@/lib/ignition/write-back/publish-write-back';
import type { Logger } from '@/lib/log';

export interface MqttWriteBackSinkOptions {
  url: string;
  clientId: string;
  log: Logger;
  /** A send not acknowledged within this is failed, so the pass retries later instead of hanging through an outage. */
  ackTimeoutMs?: number;
  reconnect?: { baseMs?: number; capMs?: number };
}

export class NotConnectedError extends Error {
  constructor() {
    super('not connected to the broker');
  }
}

/** Retained QoS 1 messages: the broker keeps the latest per topic for every subscriber that comes later. */
export function createMqttWriteBackSink(options: MqttWriteBackSinkOptions): WriteBackSink & { stop: () => Promise<void> } {
  const client: MqttClient = mqtt.connect(options.url, { clientId: options.clientId, clean: true, reconnectPeriod: 0, connectTimeout: 5_000 });
  const cancelReconnect = reconnectWithBackoff(client, 'write-back', options.log, options.reconnect);
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  return {
    async send(messages: WriteBackMessage[]) {
      if (!client.connected) throw new NotConnectedError();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the broker did not acknowledge within ${ackTimeoutMs} ms`)), ackTimeoutMs);
      });
      try {
        await Promise.race([Promise.all(messages.map((m) => client.publishAsync(m.topic, JSON.stringify(m.status), { qos: 1, retain: true }))), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      cancelReconnect();
      await client.endAsync(true);
    },
  };
}
