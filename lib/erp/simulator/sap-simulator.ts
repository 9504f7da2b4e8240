// A stateful SAP S/4HANA simulator on plain node:http: production orders
// (API_PRODUCTION_ORDER_2_SRV), material documents (API_MATERIAL_DOCUMENT_SRV),
// confirmations (API_PROD_ORDER_CONFIRMATION_2_SRV), BOMs, stock, quality
// notifications, journal entries (SOAP) and their read-back. It enforces what
// the real system enforces on the wire (Basic or OAuth logon, sap-client, a
// CSRF token + session cookies per service root, JSON V2 shapes, EDMX and WSDL
// names) so the connector is tested against something strict, and it can
// inject the failures a real system produces, on every service. Control API
// under /_sim/ (loopback only).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contractFile } from '@/lib/erp/contracts-dir';
import { CONF_SERVICE_NAME, CONF_SERVICE_PATH } from '@/lib/erp/sap/confirmation';
import { DEFAULT_JOURNAL_READ_BACK, JOURNAL_SOAP_PATH } from '@/lib/erp/sap/journal-entry-soap';
import { BOM_SERVICE_NAME, BOM_SERVICE_PATH, STOCK_SERVICE_NAME, STOCK_SERVICE_PATH } from '@/lib/erp/sap/master-data';
import { MATDOC_SERVICE_NAME, MATDOC_SERVICE_PATH } from '@/lib/erp/sap/material-document-schema';
import { DEFAULT_QUALITY_NOTIFICATION_CONFIG } from '@/lib/erp/sap/quality-notification';
import { handleControlRequest, type SimRequestLogEntry } from './sap-sim-control';
import { seedDemoOrders, startDemoOrderFlow } from './sap-sim-demo';
import { confirmationEntitySets, confirmationFunctions, materialDocumentEntitySets, materialDocumentFunctions } from './sap-sim-documents';
import { SapSimFaults } from './sap-sim-faults';
import { headerValue, Reply } from './sap-sim-http';
import { handleJournalSoap, journalReadBackEntitySets, journalReadBackModel, loadJournalWsdl } from './sap-sim-journal';
import { bomEntitySets, seedDemoMasterData, stockEntitySets } from './sap-sim-master-data';
import { loadContractModel, loadSimModel, type SimModel } from './sap-sim-model';
import { orderEntitySets, orderFunctions } from './sap-sim-orders';
import { qualityNotificationEntitySets, qualityNotificationModel } from './sap-sim-quality';
import { handleODataRequest, SIM_SERVICE_PATH, type SimContext, type SimService } from './sap-sim-routes';
import { CsrfSessions } from './sap-sim-session';
import { SapSimState, type SimOrder } from './sap-sim-state';
import { SimAuth } from './sim-auth';
import { readBodyOrRefuse, sleep, startSimHttpServer } from './sim-http-server';

/** Where the simulator hands out OAuth 2.0 client-credentials tokens. */
export const SIM_OAUTH_TOKEN_PATH = '/sap/bc/sec/oauth2/token';

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
  /** Lifetime of an OAuth token from the simulator's token endpoint, default 1 hour. */
  tokenTtlMs?: number;
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
  /** CSRF sessions of API_PRODUCTION_ORDER_2_SRV (every service root has its own). */
  sessions: CsrfSessions;
  /** The production-order service model. */
  model: SimModel;
  /** Every OData service served, by name, with its root path and where its model came from. */
  services: { name: string; path: string; source: SimModel['source'] }[];
  auth: SimAuth;
  close(): Promise<void>;
}

const DEFAULT_CSRF_TTL_MS = 30 * 60_000;
const DEFAULT_ORDER_INTERVAL_MS = 20_000;
const REQUEST_LOG_SIZE = 500;

export async function startSapSimulator(options: SapSimulatorOptions = {}): Promise<SapSimulator> {
  const now = options.now ?? (() => new Date());
  const model = loadSimModel(options.edmxPath);
  const state = new SapSimState({ stateFile: options.stateFile, firstOrderNumber: options.firstOrderNumber, now });
  const faults = new SapSimFaults();
  const client = options.client ?? '100';
  const user = options.user ?? 'INTERLOCK';
  const newSessions = () =>
    new CsrfSessions({
      systemId: options.systemId ?? 'S4H',
      client,
      ttlMs: options.csrfTtlMs ?? DEFAULT_CSRF_TTL_MS,
      now: () => now().getTime(),
    });
  const sessions = newSessions();
  const auth = new SimAuth({ user, password: options.password ?? 'interlock-demo', tokenTtlMs: options.tokenTtlMs ?? 3_600_000, now: () => now().getTime(), caseInsensitiveUser: true });
  const requestLog: SimRequestLogEntry[] = [];
  const odataContext: SimContext = { state, faults, auth, client };
  const documents = { ledger: state.ledger, faults, now, user: user.toUpperCase() };
  const services: SimService[] = [
    { name: 'API_PRODUCTION_ORDER_2_SRV', path: SIM_SERVICE_PATH, model, sessions, component: 'PP-SFC', entitySets: orderEntitySets(state), functions: orderFunctions(state, () => model.edmx.namespace) },
  ];
  const contract = (file: string) => loadContractModel(contractFile('sap', 'odata-v2', file));
  const matdocModel = contract(`${MATDOC_SERVICE_NAME}.edmx`);
  if (matdocModel) {
    services.push({ name: MATDOC_SERVICE_NAME, path: MATDOC_SERVICE_PATH, model: matdocModel, sessions: newSessions(), component: 'MM-IM-GF', entitySets: materialDocumentEntitySets(documents), functions: materialDocumentFunctions(documents, () => matdocModel) });
  }
  const confirmationModel = contract(`${CONF_SERVICE_NAME}.onprem-partial.edmx`);
  if (confirmationModel) {
    services.push({ name: CONF_SERVICE_NAME, path: CONF_SERVICE_PATH, model: confirmationModel, sessions: newSessions(), component: 'PP-SFC-EXE-CON', entitySets: confirmationEntitySets(documents), functions: confirmationFunctions(documents, () => confirmationModel) });
  }
  const bomModel = contract(`${BOM_SERVICE_NAME}.edmx`);
  if (bomModel) services.push({ name: BOM_SERVICE_NAME, path: BOM_SERVICE_PATH, model: bomModel, sessions: newSessions(), component: 'PLM-WUI-OBJ-BOM', entitySets: bomEntitySets(state.ledger), functions: {} });
  const stockModel = contract(`${STOCK_SERVICE_NAME}.edmx`);
  if (stockModel) services.push({ name: STOCK_SERVICE_NAME, path: STOCK_SERVICE_PATH, model: stockModel, sessions: newSessions(), component: 'MM-IM-GF', entitySets: stockEntitySets(state.ledger), functions: {} });
  const qn = DEFAULT_QUALITY_NOTIFICATION_CONFIG;
  services.push({ name: qn.servicePath.split('/').pop() ?? 'QN', path: qn.servicePath, model: qualityNotificationModel(qn), sessions: newSessions(), component: 'QM-QN', entitySets: qualityNotificationEntitySets(state.ledger, qn, faults, now), functions: {} });
  const rb = DEFAULT_JOURNAL_READ_BACK;
  services.push({ name: rb.servicePath.split('/').pop() ?? 'JOURNAL', path: rb.servicePath, model: journalReadBackModel(rb), sessions: newSessions(), component: 'FI-GL', entitySets: journalReadBackEntitySets(state.ledger, rb, faults, now), functions: {} });
  const journalWsdl = loadJournalWsdl();
  const serviceFor = (pathname: string) => services.find((svc) => pathname === svc.path || pathname.startsWith(`${svc.path}/`));

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

    const body = await readBodyOrRefuse(req, reply);
    if (body === undefined) return;

    if (isControl) {
      handleControlRequest(req, url, body, { state, faults, sessions, allSessions: services.map((svc) => svc.sessions), auth, requestLog }, reply);
      return;
    }
    if (url.pathname === SIM_OAUTH_TOKEN_PATH) {
      state.count('oauth-token');
      auth.handleTokenRequest(req, body, reply);
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

    if (url.pathname === JOURNAL_SOAP_PATH) {
      handleJournalSoap(req, url, body, { state, faults, auth, client, wsdl: journalWsdl, user: user.toUpperCase() }, reply);
      return;
    }
    const service = serviceFor(url.pathname);
    if (!service) {
      state.count('wrong-path');
      reply.html(404, 'Not Found');
      return;
    }
    await handleODataRequest(req, url, body, service, odataContext, reply);
  }

  const host = options.host ?? '127.0.0.1';
  const server = await startSimHttpServer(handle, { port: options.port, host, logTag: '[sap-simulator]' });
  const port = server.port;

  let stopDemo: (() => void) | undefined;
  if (options.demo) {
    seedDemoMasterData(state.ledger);
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
    services: services.map((svc) => ({ name: svc.name, path: svc.path, source: svc.model.source })),
    auth,
    close: () => {
      stopDemo?.();
      return server.close();
    },
  };
}
