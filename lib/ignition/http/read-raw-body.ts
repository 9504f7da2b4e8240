// Reads a request body as text, exactly as sent (a signature covers these
// bytes), refusing it with 413 as soon as it passes the limit instead of
// buffering whatever a sender chooses to send.
import { AppError } from '@/lib/errors';

export async function readRawBody(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Body larger than ${maxBytes} bytes`);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError('PAYLOAD_TOO_LARGE', `Body larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  // fatal: a body that is not UTF-8 cannot be the JSON we expect. ignoreBOM keeps a
  // leading BOM in the text, so the text re-encodes to exactly the signed bytes.
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('BAD_REQUEST', 'Body is not UTF-8 text', { fieldErrors: { _: ['Body is not UTF-8 text'] } });
  }
}
