// The node:http server both simulators (SAP and Oracle) run on: listening,
// turning an unhandled handler error into a 500, keep-alive timeouts, and a
// close that also ends kept-alive connections. What a request means stays in
// each simulator.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBody, type Reply } from './sap-sim-http';

export interface SimHttpServer {
  port: number;
  close(): Promise<void>;
}

export interface SimHttpServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host: string;
  /** Prefix of the console line for an unhandled error, e.g. "[sap-simulator]". */
  logTag: string;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The request body, or undefined once the request was answered 413 (too large) or dropped (unreadable). */
export async function readBodyOrRefuse(req: IncomingMessage, reply: Reply): Promise<string | undefined> {
  try {
    return await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) reply.text(413, 'Request body too large');
    else reply.drop();
    return undefined;
  }
}

export async function startSimHttpServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, options: SimHttpServerOptions): Promise<SimHttpServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A simulator bug must show up as a 500, not hang the client.
      console.error(`${options.logTag} unhandled error`, error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('simulator error');
      } else {
        res.destroy();
      }
    });
  });
  // Clients keep connections alive; a server that closes idle sockets sooner
  // than they expect produces spurious resets that are not the injected kind.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
