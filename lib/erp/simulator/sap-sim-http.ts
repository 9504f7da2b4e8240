// HTTP plumbing of the SAP simulator: reading bodies and writing answers,
// including the injected "connection lost after commit" fault, which turns an
// answer into a destroyed socket.
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export class Reply {
  /** Set by the resetNext fault: the work is done, then the connection drops instead of answering. */
  dropInsteadOfAnswer = false;
  /** -1 when the connection was dropped. */
  status = 0;
  private readonly extraHeaders = new Map<string, string | string[]>();

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  get sent(): boolean {
    return this.status !== 0;
  }

  header(name: string, value: string | string[]): void {
    this.extraHeaders.set(name.toLowerCase(), value);
  }

  /** Drops the TCP connection without an answer. */
  drop(): void {
    this.status = -1;
    this.req.socket.destroy();
  }

  send(status: number, headers: Record<string, string>, body: string): void {
    if (this.dropInsteadOfAnswer) {
      this.drop();
      return;
    }
    this.status = status;
    const all: Record<string, string | string[]> = { ...Object.fromEntries(this.extraHeaders), ...headers };
    all['content-length'] = String(Buffer.byteLength(body));
    this.res.writeHead(status, all);
    this.res.end(this.req.method === 'HEAD' ? undefined : body);
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.send(status, { 'content-type': 'application/json; charset=utf-8', dataserviceversion: '2.0', ...headers }, JSON.stringify(body));
  }

  text(status: number, body: string, headers: Record<string, string> = {}): void {
    this.send(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }, body);
  }

  html(status: number, title: string): void {
    const safe = title.replace(/[<>&"]/g, '');
    this.send(status, { 'content-type': 'text/html; charset=utf-8' }, `<html><head><title>${safe}</title></head><body><h1>${safe}</h1></body></html>`);
  }
}
