import 'server-only';
import pg from 'pg';
import { getEnv } from '@/lib/env';
import { createLogger } from '@/lib/log';
import { ensureAuditTable, mirrorAuditEvents } from '@/lib/ignition/write-back/mirror-audit-events';
import { createMqttWriteBackSink, NotConnectedError } from '@/lib/ignition/write-back/mqtt-write-back-sink';
import { publishWriteBack, type WriteBackSink } from '@/lib/ignition/write-back/publish-write-back';
import { createWebDevSink } from '@/lib/ignition/write-back/webdev-write-back-sink';

const log = createLogger('write-back');

export interface WriteBackOptions {
  mqttUrl: string;
  topicPrefix: string;
  intervalMs: number;
  clientId?: string;
  webDevUrl?: string;
  audit?: { databaseUrl: string; table: string; createTable: boolean };
  reconnect?: { baseMs?: number; capMs?: number };
  ackTimeoutMs?: number;
}

export function writeBackOptionsFromEnv(): WriteBackOptions {
  const env = getEnv();
  return {
    mqttUrl: env.IGNITION_WRITE_BACK_MQTT_URL,
    topicPrefix: env.IGNITION_WRITE_BACK_TOPIC_PREFIX,
    intervalMs: env.IGNITION_WRITE_BACK_INTERVAL_MS,
    webDevUrl: env.IGNITION_WEBDEV_URL,
    audit: env.IGNITION_AUDIT_DATABASE_URL ? { databaseUrl: env.IGNITION_AUDIT_DATABASE_URL, table: env.IGNITION_AUDIT_TABLE, createTable: env.IGNITION_AUDIT_CREATE_TABLE } : undefined,
  };
}

/**
 * Runs the write-back loop: every `intervalMs`, recommendation status to MQTT
 * (and WebDev when set), audit events to the audit profile's table when set.
 * Each channel fails and retries on its own; nothing here stops the worker.
 */
export function startWriteBack(options: WriteBackOptions): { stop: () => Promise<void>; runOnce: () => Promise<void> } {
  const mqttSink = createMqttWriteBackSink({
    url: options.mqttUrl,
    clientId: options.clientId ?? `interlock-write-back-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    log,
    reconnect: options.reconnect,
    ackTimeoutMs: options.ackTimeoutMs,
  });
  const channels: { name: string; sink: WriteBackSink }[] = [{ name: 'mqtt', sink: mqttSink }];
  if (options.webDevUrl) channels.push({ name: 'webdev', sink: createWebDevSink({ url: options.webDevUrl }) });
  const audit = options.audit;
  const pool = audit ? new pg.Pool({ connectionString: audit.databaseUrl, max: 1 }) : null;
  // A pool whose server goes away emits errors on idle clients; the next pass reports and retries.
  pool?.on('error', (e) => log.warn('audit database connection lost', { error: e.message }));
  let tableReady = !audit?.createTable;
  const failing = new Set<string>();
  const report = (name: string, e: unknown) => {
    // One warning per outage, not one a pass.
    if (failing.has(name)) return;
    failing.add(name);
    log.warn(`${name} write-back failed; will retry`, { error: e instanceof Error ? e.message : String(e) });
  };
  const recovered = (name: string) => {
    if (failing.delete(name)) log.info(`${name} write-back caught up`);
  };

  let running: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;
  const pass = async () => {
    for (const c of channels) {
      try {
        // Drain a backlog within one pass; a full batch means there may be more.
        while ((await publishWriteBack({ channel: c.name, sink: c.sink, topicPrefix: options.topicPrefix })) >= 200);
        recovered(c.name);
      } catch (e) {
        if (!(e instanceof NotConnectedError)) report(c.name, e);
        else failing.add(c.name);
      }
    }
    if (audit && pool) {
      try {
        if (!tableReady) {
          await ensureAuditTable({ pool, table: audit.table });
          tableReady = true;
        }
        while ((await mirrorAuditEvents({ pool, table: audit.table })) >= 500);
        recovered('audit');
      } catch (e) {
        report('audit', e);
      }
    }
  };
  const runOnce = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs);
  log.info('write-back started', { mqtt: options.mqttUrl, topicPrefix: options.topicPrefix, webDev: options.webDevUrl ?? 'off', audit: audit ? audit.table : 'off' });
  return {
    runOnce,
    // Idempotent: the worker and a test may both stop it.
    stop: () => (stopping ??= (async () => {
      clearInterval(timer);
      await running;
      await mqttSink.stop();
      await pool?.end();
    })()),
  };
}
