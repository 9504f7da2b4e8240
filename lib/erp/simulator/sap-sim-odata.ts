// How the simulator writes OData V2 JSON the way SAP Gateway does
// (PROTOCOL-NOTES §2.3, §2.5): every property of the entity type in EDMX
// order, initial values where the order has none, decimals as strings with
// the declared scale, dates as /Date(ms)/, __metadata with uri/type/etag,
// navigation properties deferred unless expanded.
import { randomBytes } from 'node:crypto';
import type { EdmxEntityType, EdmxProperty } from '@/lib/erp/sap/edmx-reader';
import { formatEdmTime, formatODataDate, formatSapTimestamp, odataString } from '@/lib/erp/sap/odata-values';
import type { SimOrder } from './sap-sim-state';

export type WireValue = string | number | boolean | null;
export type WireRecord = Record<string, WireValue>;

export interface JsonObject {
  [key: string]: unknown;
}

const ORDER_TYPE_CODE = 'YBM1';

/** SAP keeps dates as a day (Edm.DateTime at 00:00) plus a time of day (Edm.Time). UTC here. */
function dayOf(iso: string): string {
  const d = new Date(iso);
  return formatODataDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));
}

function timeOf(iso: string): string {
  const d = new Date(iso);
  return formatEdmTime(((d.getUTCHours() * 60 + d.getUTCMinutes()) * 60 + d.getUTCSeconds()) * 1000);
}

export function orderEtag(order: SimOrder): string {
  return `W/"'${order.lastChange}'"`;
}

export function orderValues(order: SimOrder, locked: boolean): WireRecord {
  return {
    ManufacturingOrder: order.id,
    ManufacturingOrderCategory: '10',
    ManufacturingOrderType: ORDER_TYPE_CODE,
    ManufacturingOrderImportance: '',
    // Status CRTD gives way to REL on release.
    OrderIsCreated: order.released ? '' : 'X',
    OrderIsReleased: order.released ? 'X' : '',
    OrderIsLocked: locked ? 'X' : '',
    OrderIsMarkedForDeletion: order.markedForDeletion ? 'X' : '',
    OrderIsScheduled: 'X',
    MfgOrderCreationDate: dayOf(order.createdAt),
    MfgOrderCreationTime: timeOf(order.createdAt),
    LastChangeDateTime: order.lastChange,
    Material: order.material,
    OrderInternalBillOfOperations: order.routing,
    ProductionPlant: order.plant,
    Plant: order.plant,
    MRPController: '001',
    ProductionSupervisor: '001',
    ProductionVersion: '0001',
    CompanyCode: order.plant,
    MfgOrderPlannedStartDate: dayOf(order.plannedStart),
    MfgOrderPlannedStartTime: timeOf(order.plannedStart),
    MfgOrderPlannedEndDate: dayOf(order.plannedEnd),
    MfgOrderPlannedEndTime: timeOf(order.plannedEnd),
    MfgOrderScheduledStartDate: dayOf(order.plannedStart),
    MfgOrderScheduledStartTime: timeOf(order.plannedStart),
    MfgOrderScheduledEndDate: dayOf(order.plannedEnd),
    MfgOrderScheduledEndTime: timeOf(order.plannedEnd),
    MfgOrderActualReleaseDate: order.releasedAt ? dayOf(order.releasedAt) : null,
    ProductionUnit: order.unit,
    ProductionUnitSAPCode: order.unit,
    TotalQuantity: order.quantity,
  };
}

export function componentValues(order: SimOrder): WireRecord[] {
  return order.components.map((c, index) => ({
    Reservation: order.reservation,
    ReservationItem: String(index + 1).padStart(4, '0'),
    Material: c.material,
    Plant: order.plant,
    ManufacturingOrderCategory: '10',
    ManufacturingOrderType: ORDER_TYPE_CODE,
    ManufacturingOrder: order.id,
    ManufacturingOrderSequence: '0',
    ManufacturingOrderOperation: '0010',
    ProductionPlant: order.plant,
    OrderInternalBillOfOperations: order.routing,
    MatlCompRequirementDate: dayOf(order.plannedStart),
    MatlCompRequirementTime: timeOf(order.plannedStart),
    MatlCompIsMarkedForDeletion: false,
    BillOfMaterialItemNumber: c.item,
    StorageLocation: c.storageLocation,
    GoodsMovementType: '261',
    BaseUnit: c.unit,
    BaseUnitSAPCode: c.unit,
    EntryUnit: c.unit,
    RequiredQuantity: c.quantity,
    WithdrawnQuantity: 0,
  }));
}

/** One operation carries the order's work center; an order without one has no operations. */
export function operationValues(order: SimOrder): WireRecord[] {
  if (!order.workCenter) return [];
  return [
    {
      OrderInternalBillOfOperations: order.routing,
      OrderIntBillOfOperationsItem: '00000001',
      ManufacturingOrder: order.id,
      ManufacturingOrderSequence: '0',
      ManufacturingOrderOperation: '0010',
      ManufacturingOrderCategory: '10',
      ManufacturingOrderType: ORDER_TYPE_CODE,
      MfgOrderOperationText: 'Assemble',
      OperationIsCreated: order.released ? '' : 'X',
      OperationIsReleased: order.released ? 'X' : '',
      OperationIsDeleted: '',
      ProductionPlant: order.plant,
      WorkCenter: order.workCenter,
      WorkCenterTypeCode: 'A',
      OpErlstSchedldExecStrtDte: dayOf(order.plannedStart),
      OpErlstSchedldExecStrtTme: timeOf(order.plannedStart),
      OpErlstSchedldExecEndDte: dayOf(order.plannedEnd),
      OpErlstSchedldExecEndTme: timeOf(order.plannedEnd),
      OperationUnit: order.unit,
      OperationUnitSAPCode: order.unit,
      OpPlannedTotalQuantity: order.quantity,
      LastChangeDateTime: order.lastChange,
    },
  ];
}

/** The initial value Gateway writes for a property the object does not fill. */
export function initialValue(property: EdmxProperty): WireValue {
  switch (property.type) {
    case 'Edm.String':
      return '';
    case 'Edm.Decimal':
      return (0).toFixed(property.scale ?? 0);
    case 'Edm.Boolean':
      return false;
    case 'Edm.Time':
      return 'PT00H00M00S';
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Byte':
      return 0;
    case 'Edm.Int64':
      return '0';
    case 'Edm.Guid':
      return '00000000-0000-0000-0000-000000000000';
    default:
      // Edm.DateTime, Edm.DateTimeOffset and anything else: no value.
      return null;
  }
}

/** A value as it goes on the wire for its declared type (decimals as strings with the declared scale). */
export function wireValue(property: EdmxProperty, value: WireValue | undefined): WireValue {
  if (value === undefined) return initialValue(property);
  if (property.type === 'Edm.Decimal' && typeof value === 'number') return value.toFixed(property.scale ?? 0);
  return value;
}

/** Full wire record for filtering and rendering: every property of the type, in EDMX order. */
export function completeRecord(type: EdmxEntityType, values: WireRecord): WireRecord {
  const record: WireRecord = {};
  for (const property of type.properties) record[property.name] = wireValue(property, values[property.name]);
  return record;
}

export function keyPredicate(type: EdmxEntityType, record: WireRecord): string {
  if (type.key.length === 1) return `(${odataString(String(record[type.key[0]] ?? ''))})`;
  return `(${type.key.map((k) => `${k}=${odataString(String(record[k] ?? ''))}`).join(',')})`;
}

export interface RenderOptions {
  /** Absolute service root, from the request's Host header, as Gateway does. */
  serviceRoot: string;
  namespace: string;
  entitySet: string;
  /** Property and navigation names to include; null for all. */
  select: Set<string> | null;
  /** Navigation name → already rendered target entities. */
  expanded: Map<string, JsonObject[]>;
  etag?: string;
}

export function renderEntity(type: EdmxEntityType, record: WireRecord, options: RenderOptions): JsonObject {
  const uri = `${options.serviceRoot}/${options.entitySet}${keyPredicate(type, record)}`;
  const entity: JsonObject = {
    __metadata: { id: uri, uri, type: `${options.namespace}.${type.name}`, ...(options.etag ? { etag: options.etag } : {}) },
  };
  for (const property of type.properties) {
    if (options.select && !options.select.has(property.name)) continue;
    entity[property.name] = record[property.name] ?? initialValue(property);
  }
  for (const nav of type.navigationProperties) {
    const expanded = options.expanded.get(nav.name);
    if (expanded) entity[nav.name] = { results: expanded };
    else if (!options.select || options.select.has(nav.name)) entity[nav.name] = { __deferred: { uri: `${uri}/${nav.name}` } };
  }
  return entity;
}

export interface SapErrorDetail {
  code: string;
  message: string;
  severity?: 'error' | 'warning' | 'info';
  target?: string;
}

/** The Gateway error body (PROTOCOL-NOTES §2.5). */
export function sapErrorBody(
  code: string,
  message: string,
  details: SapErrorDetail[] = [],
  service: { id: string; component: string } = { id: 'API_PRODUCTION_ORDER_2_SRV', component: 'PP-SFC' },
): JsonObject {
  const now = new Date();
  return {
    error: {
      code,
      message: { lang: 'en', value: message },
      innererror: {
        application: { component_id: service.component, service_namespace: '/SAP/', service_id: service.id, service_version: '0001' },
        transactionid: randomBytes(16).toString('hex').toUpperCase(),
        timestamp: `${formatSapTimestamp(now)}.${String(now.getUTCMilliseconds()).padStart(3, '0')}0000`,
        Error_Resolution: {
          SAP_Transaction: 'For backend administrators: use ADT feed reader "SAP Gateway Error Log" or run transaction /IWFND/ERROR_LOG on SAP Gateway hub system and search for entries with the timestamp above for more details',
          SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)',
        },
        errordetails: details.map((d) => ({
          code: d.code,
          message: d.message,
          propertyref: '',
          severity: d.severity ?? 'error',
          target: d.target ?? '',
          transition: false,
        })),
      },
    },
  };
}

export function functionMessage(namespace: string, type: 'S' | 'I' | 'W' | 'E', number: string, text: string, variable1 = ''): JsonObject {
  return {
    __metadata: { type: `${namespace}.FunctionMessage` },
    SystemMessageType: type,
    // Message class of the simulator: real SAP message numbers are not reproduced.
    SystemMessageIdentification: 'ZSIM_PP',
    SystemMessageNumber: number,
    SystemMessageLongText: text,
    SystemMessageVariable1: variable1,
    SystemMessageVariable2: '',
    SystemMessageVariable3: '',
    SystemMessageVariable4: '',
  };
}
