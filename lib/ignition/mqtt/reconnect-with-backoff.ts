import type { MqttClient } from 'mqtt';
import { backoffDelay } from '@/lib/retry/backoff';
import type { Logger } from '@/lib/log';

/**
 * Reconnects a client whose own reconnect is off (reconnectPeriod: 0) after a
 * growing delay while the broker stays away, logging each attempt once, and
 * never gives up. mqtt.js's own reconnect runs on a fixed interval, which
 * would hammer an absent broker once a second forever.
 * Returns a function that cancels a pending reconnect (call it when stopping).
 */
export function reconnectWithBackoff(client: MqttClient, name: string, log: Logger, options: { baseMs?: number; capMs?: number } = {}): () => void {
  let attempt = 0;
  let lastError = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let cancelled = false;
  client.on('connect', () => {
    if (attempt > 0) log.info('connected again', { client: name, afterAttempts: attempt });
    attempt = 0;
    lastError = '';
  });
  client.on('error', (e) => {
    lastError = e.message;
  });
  client.on('close', () => {
    if (cancelled || client.disconnecting || timer) return;
    attempt++;
    const delay = backoffDelay(attempt, options);
    log.warn('not connected to the broker; retrying', { client: name, inMs: delay, attempt, error: lastError || 'connection closed' });
    timer = setTimeout(() => {
      timer = null;
      if (!cancelled) client.reconnect();
    }, delay);
  });
  return () => {
    cancelled = true;
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
