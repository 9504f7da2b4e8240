import 'server-only';
import { backoffDelay } from '@/lib/retry/backoff';
import type { WriteBackMessage, WriteBackSink } from '@/lib/ignition/write-back/publish-write-back';

export interface WebDevSinkOptions {
  url: string;
  attempts?: number;
  timeoutMs?: number;
  baseMs?: number;
}

/**
 * POSTs each status as JSON ({ topic, ...status }) to an Ignition WebDev
 * endpoint, retrying each a few times with backoff; a message that still fails
 * fails the pass, and its channel's cursor stays put until it goes through.
 */
export function createWebDevSink(options: WebDevSinkOptions): WriteBackSink {
  const attempts = options.attempts ?? 3;
  const post = async (m: WriteBackMessage) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ topic: m.topic, ...m.status }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
        await res.body?.cancel();
        if (res.ok) return;
        throw new Error(`WebDev answered ${res.status}`);
      } catch (e) {
        if (attempt >= attempts) throw e instanceof Error ? e : new Error(String(e));
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, { baseMs: options.baseMs ?? 200, capMs: 5_000 })));
      }
    }
  };
  return {
    async send(messages) {
      for (const m of messages) await post(m);
    },
  };
}
