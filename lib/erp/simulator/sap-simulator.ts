// A stateful SAP S/4HANA simulator for API_PRODUCTION_ORDER_2_SRV on plain
// node:http. It enforces what the real system enforces on the wire (Basic
// auth, sap-client, CSRF token + session cookies, JSON V2 shapes, EDMX names)
// so the connector is tested against something strict, and it can inject the
// failures a real system produces. Control API under /_sim/ (loopback only).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControlRequest, type SimRequestLogEntry } from './sap-sim-control';
import { seedDemoOrders, startDemoOrderFlow } from './sap-sim-demo';
import { SapSimFaults } from './sap-sim-faults';
import { BodyTooLargeError, headerValue, readBody, Reply } from './sap-sim-http';
import { loadSimModel, type SimModel } from './sap-sim-model';
import { handleODataRequest, SIM_SERVICE_PATH, type SimContext } from './sap-sim-routes';
import { CsrfSessions } from './sap-sim-session';
import { SapSimState, type SimOrder } from './sap-sim-state';

export interface SapSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** Communication user and password (defaults match lib/env.ts: INTERLOCK / interlock-demo). */
  user?: string;
  password?: string;
  /** SAP client, default "100"; another sap-client value gets 401. */
  client?: string;
  /** System id in cookie names (SAP_SESSIONID_<SID>_<client>), default "S4H". */
  systemId?: string;
  /** Lifetime of a CSRF token, default 30 minutes. */
  csrfTtlMs?: number;
  /** EDMX served as $metadata and used as the service model; default ../shared/erp-contracts/… from the working directory. */
  edmxPath?: string;
  /** JSON file that keeps orders and number ranges across restarts. */
  stateFile?: string;
  /** Seed from prisma/demo-plant.ts and plan a new order every orderIntervalMs. */
  demo?: boolean;
  /** Demo only: interval between new orders, default 20 s; 0 turns the flow off. */
  orderIntervalMs?: number;
  /** First order number of a fresh state, default 1000000. */
  firstOrderNumber?: number;
  now?: () => Date;
  /** Called once per answered request (for a request log). */
  onRequest?: (entry: SimRequestLogEntry) => void;
  /** Called when demo mode plans an order. */
  onDemoOrder?: (order: SimOrder) => void;
}

export interface SapSimulator {
  /** Origin of the simulated system, e.g. http://127.0.0.1:4010 (what SAP_BASE_URL holds). */
  url: string;
  /** Absolute service root of API_PRODUCTION_ORDER_2_SRV. */
  serviceRoot: string;
  port: number;
  state: SapSimState;
  faults: SapSimFaults;
  sessions: CsrfSessions;
  model: SimModel;
  close(): Promise<void>;
}

const DEFAULT_CSRF_TTL_MS = 30 * 60_000;
const DEFAULT_ORDER_INTERVAL_MS = 20_000;
const REQUEST_LOG_SIZE = 500;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startSapSimulator(options: SapSimulatorOptions = {}): Promise<SapSimulator> {
  const now = options.now ?? (() => new Date());
  const model = loadSimModel(options.edmxPath);
  const state = new SapSimState({ stateFile: options.stateFile, firstOrderNumber: options.firstOrderNumber, now });
  const faults = new SapSimFaults();
  const client = options.client ?? '100';
  const sessions = new CsrfSessions({
    systemId: options.systemId ?? 'S4H',
    client,
    ttlMs: options.csrfTtlMs ?? DEFAULT_CSRF_TTL_MS,
    now: () => now().getTime(),
  });
  const requestLog: SimRequestLogEntry[] = [];
  const odataContext: SimContext = {
    model,
    state,
    faults,
    sessions,
    user: options.user ?? 'INTERLOCK',
    password: options.password ?? 'interlock-demo',
    client,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const reply = new Reply(req, res);
    const isControl = url.pathname === '/_sim' || url.pathname.startsWith('/_sim/');
    const method = (req.method ?? 'GET').toUpperCase();

    if (!isControl) state.enter();
    res.on('close', () => {
      if (!isControl) state.leave();
      const csrf = headerValue(req, 'x-csrf-token');
      const entry: SimRequestLogEntry = {
        at: new Date(started).toISOString(),
        method,
        target: `${url.pathname}${url.search}`,
        status: reply.status,
        ms: Date.now() - started,
        accept: headerValue(req, 'accept') ?? null,
        dataServiceVersion: headerValue(req, 'dataserviceversion') ?? null,
        csrf: csrf === undefined ? 'none' : csrf.toLowerCase() === 'fetch' ? 'fetch' : 'token',
        cookies: (headerValue(req, 'cookie') ?? '')
          .split(';')
          .map((c) => c.split('=')[0].trim())
          .filter(Boolean),
        hasAuthorization: headerValue(req, 'authorization') !== undefined,
      };
      if (!isControl) {
        requestLog.push(entry);
        if (requestLog.length > REQUEST_LOG_SIZE) requestLog.shift();
      }
      try {
        options.onRequest?.(entry);
      } catch (error) {
        // A failing logger must not take the simulator down.
        console.error('[sap-simulator] onRequest failed', error);
      }
    });

    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) reply.text(413, 'Request body too large');
      else reply.drop();
      return;
    }

    if (isControl) {
      handleControlRequest(req, url, body, { state, faults, sessions, requestLog }, reply);
      return;
    }

    const isChange = method !== 'GET' && method !== 'HEAD';
    const latency = faults.latencyFor(isChange);
    if (latency > 0) await sleep(latency);
    // Injected outages answer before logon, as a web dispatcher or ICM would.
    const failure = faults.takeFailure(isChange);
    if (failure) {
      state.count(`fault-${failure.status}`);
      const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      if (failure.status === 429) reply.text(429, 'Too many requests', headers);
      else if (failure.status === 500) {
        reply.json(500, { error: { code: '/IWFND/CM_BEC/026', message: { lang: 'en', value: 'Internal server error (simulated)' } } }, headers);
      } else reply.html(failure.status, failure.status === 503 ? 'Service Unavailable (simulated)' : `HTTP ${failure.status} (simulated)`);
      return;
    }

    if (url.pathname !== SIM_SERVICE_PATH && !url.pathname.startsWith(`${SIM_SERVICE_PATH}/`)) {
      state.count('wrong-path');
      reply.html(404, 'Not Found');
      return;
    }
    await handleODataRequest(req, url, odataContext, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A simulator bug must show up as a 500, not hang the client.
      console.error('[sap-simulator] unhandled error', error);
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

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let stopDemo: (() => void) | undefined;
  if (options.demo) {
    seedDemoOrders(state);
    const interval = options.orderIntervalMs ?? DEFAULT_ORDER_INTERVAL_MS;
    if (interval > 0) stopDemo = startDemoOrderFlow(state, interval, options.onDemoOrder);
  }

  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${port}`;
  return {
    url,
    serviceRoot: `${url}${SIM_SERVICE_PATH}`,
    port,
    state,
    faults,
    sessions,
    model,
    close: () =>
      new Promise<void>((resolve, reject) => {
        stopDemo?.();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
