import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export interface DeadLetterInput {
  source: 'mqtt-json' | 'sparkplug';
  topic: string;
  siteId?: string | null;
  payload: Uint8Array;
  error: string;
  details?: { index: number; id: string | null; errors: string[] }[];
}

// A dead letter keeps the message whole up to this size; larger ones are cut (and say so).
const MAX_STORED_BYTES = 1_000_000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Stores a message that could not be ingested. Called before the message is
 * acknowledged: once this returns, the message may be let go.
 */
export async function recordDeadLetter(input: DeadLetterInput): Promise<void> {
  const truncated = input.payload.byteLength > MAX_STORED_BYTES;
  const bytes = truncated ? input.payload.subarray(0, MAX_STORED_BYTES) : input.payload;
  let text: string | null = null;
  try {
    text = utf8.decode(bytes);
    // PostgreSQL text cannot hold NUL: such payloads are kept as bytes.
    if (text.includes('\u0000')) text = null;
  } catch {
    text = null;
  }
  await db.ingestDeadLetter.create({
    data: {
      source: input.source,
      topic: input.topic.slice(0, 1000),
      siteId: input.siteId ?? null,
      payloadText: text,
      payloadBytes: text === null ? Buffer.from(bytes) : null,
      error: (truncated ? `${input.error} (payload cut to ${MAX_STORED_BYTES} of ${input.payload.byteLength} bytes)` : input.error).slice(0, 4000),
      details: input.details ? (input.details as unknown as Prisma.InputJsonValue) : undefined,
    },
  });
}
