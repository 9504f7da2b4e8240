// The SAP S/4HANA adapter of the ErpConnector port, over
// API_PRODUCTION_ORDER_2_SRV (OData V2). Every answer is validated with zod
// and mapped to domain types here; nothing SAP-shaped leaves this folder.
import type { z } from 'zod';
import { ErpError, type ErpConnector, type ErpMessage, type ErpProductionOrder, type ReleaseOrderResult } from '@/lib/erp/connector';
import { DEFAULT_MAX_CONCURRENT, ODataClient, type ODataResponse } from './odata-client';
import { odataString } from './odata-values';
import { toErpMessage, toErpProductionOrder } from './map-production-order';
import {
  ORDER_BY_PROPERTY,
  ORDER_ENTITY_SET,
  ORDER_EXPAND,
  ORDER_SCOPE_SELECT,
  ORDER_SELECT,
  RELEASE_FUNCTION,
  RELEASE_PARAMETER,
  SERVICE_PATH,
  sapOrderCollectionResponseSchema,
  sapOrderEntityResponseSchema,
  sapOrderScopeResponseSchema,
  sapReleaseResponseSchema,
} from './production-order-schema';
import { Semaphore } from './semaphore';

export interface SapConnectorOptions {
  /** Origin of the SAP system (plus a path prefix if a proxy adds one), e.g. https://my-s4.example.com. */
  baseUrl: string;
  user: string;
  password: string;
  client: string;
  timeoutMs?: number;
  /** Most HTTP calls in flight to this system at once (default 4). */
  maxConcurrent?: number;
  /** $top for paged reads (default 100). */
  pageSize?: number;
  fetch?: typeof fetch;
}

const DEFAULT_PAGE_SIZE = 100;
// A guard against a server that keeps answering full pages forever.
const MAX_PAGES = 1000;

function parseOrThrow<T extends z.ZodType>(schema: T, response: ODataResponse, what: string): z.infer<T> {
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown';
    throw new ErpError('PROTOCOL', `SAP answer for ${what} does not match the contract (${where})`, { status: response.status, cause: parsed.error });
  }
  return parsed.data;
}

function orderPath(erpOrderId: string): string {
  return `${ORDER_ENTITY_SET}(${odataString(erpOrderId)})`;
}

export class SapConnector implements ErpConnector {
  readonly system = 'SAP' as const;
  private readonly orders: ODataClient;
  private readonly pageSize: number;

  constructor(options: SapConnectorOptions) {
    if (!URL.canParse(options.baseUrl)) throw new TypeError('SAP baseUrl must be an absolute URL');
    const base = options.baseUrl.replace(/\/+$/, '');
    // One limiter per system: further services of the same system must share it.
    const limiter = new Semaphore(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
    this.orders = new ODataClient({
      serviceRoot: `${base}${SERVICE_PATH}`,
      user: options.user,
      password: options.password,
      client: options.client,
      timeoutMs: options.timeoutMs,
      limiter,
      fetch: options.fetch,
    });
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  async findUnreleasedOrders(siteId: string): Promise<ErpProductionOrder[]> {
    const filter = `ProductionPlant eq ${odataString(siteId)} and OrderIsReleased eq '' and OrderIsMarkedForDeletion eq ''`;
    const found = new Map<string, ErpProductionOrder>();
    let skip = 0;
    for (let page = 0; ; page += 1) {
      if (page >= MAX_PAGES) throw new ErpError('PROTOCOL', `SAP kept returning pages after ${MAX_PAGES} pages of unreleased orders`);
      const response = await this.orders.get({
        path: ORDER_ENTITY_SET,
        query: {
          $filter: filter,
          $select: ORDER_SELECT,
          $expand: ORDER_EXPAND,
          // A stable order keeps $skip paging from repeating or missing rows.
          $orderby: ORDER_BY_PROPERTY,
          $top: String(this.pageSize),
          $skip: String(skip),
          $inlinecount: 'allpages',
        },
      });
      const { d } = parseOrThrow(sapOrderCollectionResponseSchema, response, 'unreleased orders');
      for (const entity of d.results) {
        // Defence in depth: a server that ignored $filter must not leak other plants or released orders.
        if (entity.ProductionPlant !== siteId || entity.OrderIsReleased === 'X') continue;
        found.set(entity.ManufacturingOrder, toErpProductionOrder(entity));
      }
      skip += d.results.length;
      const total = d.__count === undefined ? undefined : Number(d.__count);
      // A server may cap the page below $top; the inline count says whether more remain.
      const done = d.results.length === 0 || (total !== undefined ? skip >= total : d.results.length < this.pageSize);
      if (done) break;
    }
    return [...found.values()];
  }

  async getOrder(siteId: string, erpOrderId: string): Promise<ErpProductionOrder | null> {
    let response: ODataResponse;
    try {
      response = await this.orders.get({ path: orderPath(erpOrderId), query: { $select: ORDER_SELECT, $expand: ORDER_EXPAND } });
    } catch (error) {
      if (error instanceof ErpError && error.kind === 'NOT_FOUND') return null;
      throw error;
    }
    const { d } = parseOrThrow(sapOrderEntityResponseSchema, response, `order ${erpOrderId}`);
    // An order of another plant is not visible from this site.
    if (d.ProductionPlant !== siteId) return null;
    return toErpProductionOrder(d, response.etag);
  }

  async releaseOrder(siteId: string, erpOrderId: string): Promise<ReleaseOrderResult> {
    // ReleaseOrder takes only the order number: check the plant first so a
    // site can never release another site's order.
    await this.assertOrderInSite(siteId, erpOrderId);

    const response = await this.orders.change('POST', { path: RELEASE_FUNCTION, query: { [RELEASE_PARAMETER]: odataString(erpOrderId) } });
    const { d } = parseOrThrow(sapReleaseResponseSchema, response, `${RELEASE_FUNCTION} ${erpOrderId}`);
    const functionMessage = RELEASE_FUNCTION in d ? d[RELEASE_FUNCTION] : d;
    const type = functionMessage.SystemMessageType.toUpperCase();
    const messages: ErpMessage[] = [...(type ? [toErpMessage(functionMessage)] : []), ...response.messages];

    if (type === 'E' || type === 'A' || type === 'X') {
      // SAP can refuse inside a 200: the message type decides, not the status.
      throw new ErpError('BUSINESS', messages[0]?.text ?? `SAP refused to release order ${erpOrderId}`, { status: response.status, messages });
    }
    if (type === 'S' || type === 'W' || type === 'I') {
      // S: released now. W/I: released with a remark, or released already.
      return { released: true, messages, raw: response.body };
    }
    // No message type says nothing either way: ask the order itself.
    const order = await this.getOrder(siteId, erpOrderId);
    return { released: order?.isReleased ?? false, messages, raw: response.body };
  }

  private async assertOrderInSite(siteId: string, erpOrderId: string): Promise<void> {
    const response = await this.orders.get({ path: orderPath(erpOrderId), query: { $select: ORDER_SCOPE_SELECT } });
    const { d } = parseOrThrow(sapOrderScopeResponseSchema, response, `order ${erpOrderId}`);
    if (d.ProductionPlant !== siteId) {
      throw new ErpError('NOT_FOUND', `Order ${erpOrderId} does not exist in plant ${siteId}`, { status: 404 });
    }
  }
}

export function createSapConnector(options: SapConnectorOptions): ErpConnector {
  return new SapConnector(options);
}
