import { describe, expect, it } from 'vitest';
import { readRawBody } from '@/lib/ignition/http/read-raw-body';
import { isAppError } from '@/lib/errors';

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : 'other';
  }
}

function streamed(chunks: string[]): Request {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const x of chunks) c.enqueue(enc.encode(x));
      c.close();
    },
  });
  return new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('readRawBody', () => {
  it('returns the body exactly as sent, a leading BOM included', async () => {
    expect(await readRawBody(new Request('http://x/', { method: 'POST', body: '{"a": 1}\n' }), 100)).toBe('{"a": 1}\n');
    expect(await readRawBody(new Request('http://x/', { method: 'POST', body: '\uFEFF{}' }), 100)).toBe('\uFEFF{}');
    expect(await readRawBody(new Request('http://x/', { method: 'POST' }), 100)).toBe('');
  });

  it('refuses a body over the limit with 413, from Content-Length or while streaming', async () => {
    const declared = new Request('http://x/', { method: 'POST', body: 'x', headers: { 'content-length': '101' } });
    expect(await codeOf(readRawBody(declared, 100))).toBe('PAYLOAD_TOO_LARGE');
    expect(await codeOf(readRawBody(streamed(['x'.repeat(60), 'x'.repeat(60)]), 100))).toBe('PAYLOAD_TOO_LARGE');
    expect(await readRawBody(streamed(['x'.repeat(50), 'x'.repeat(50)]), 100)).toHaveLength(100);
  });

  it('refuses bytes that are not UTF-8 with 400', async () => {
    const req = new Request('http://x/', { method: 'POST', body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(await codeOf(readRawBody(req, 100))).toBe('BAD_REQUEST');
  });
});
