// API_PRODUCTION_ORDER_2_SRV in the simulator: orders with components and
// operations, ReleaseOrder, and the two ETag-protected changes the adapter
// makes (planned dates on the order, a component substitution on
// A_ProductionOrderComponent_4).
import { isODataDate, parseDecimal, parseEdmTime, parseODataDate } from '@/lib/erp/sap/odata-values';
import type { SimFailure } from './sap-sim-ledger';
import { componentValues, functionMessage, operationValues, orderEtag, orderValues, type JsonObject, type WireRecord } from './sap-sim-odata';
import { parameterValue, type EntitySetHandler, type SimEntity, type SimOutcome } from './sap-sim-routes';
import type { SapSimState, SimOrder } from './sap-sim-state';

// The simulator's message class for business messages; its numbers are its own, not SAP's.
const MSG = 'ZSIM_PP';

function failure(status: number, code: string, message: string, details: { code: string; message: string }[] = []): SimFailure {
  return { status, code, message, details: details.length ? details : [{ code, message }] };
}

function lockedFailure(id: string, what: string): SimFailure {
  return failure(400, `${MSG}/010`, `Order ${id} could not be ${what}`, [
    { code: `${MSG}/011`, message: `Order ${id} is locked by user PLANNER01` },
    { code: `${MSG}/010`, message: `Order ${id} could not be ${what}` },
  ]);
}

/** The updatable component view: Component_2's values plus the record type key and the ETag. */
function updatableComponentValues(order: SimOrder): WireRecord[] {
  return componentValues(order).map((values) => ({ ...values, ReservationRecordType: '', LastChangeDateTime: order.lastChange }));
}

function orderEntity(order: SimOrder, state: SapSimState): SimEntity {
  const etag = orderEtag(order);
  return {
    values: orderValues(order, state.isLocked(order.id)),
    etag,
    navigations: {
      to_ProductionOrderComponent: componentValues(order).map((values) => ({ values })),
      to_ProductionOrderComponentExt4: updatableComponentValues(order).map((values) => ({ values, etag })),
      to_ProductionOrderOperation: operationValues(order).map((values) => ({ values, etag })),
    },
  };
}

/** "/Date(ms)/" or ISO → the day; "PT10H15M00S" → ms since midnight. */
function dayValue(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  if (isODataDate(value)) return parseODataDate(value);
  const ms = Date.parse(/[Zz]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function newInstant(current: string, dateValue: unknown, timeValue: unknown): Date | null | 'bad' {
  if (dateValue === undefined && timeValue === undefined) return null;
  const currentDate = new Date(current);
  const day = dateValue === undefined ? new Date(Date.UTC(currentDate.getUTCFullYear(), currentDate.getUTCMonth(), currentDate.getUTCDate())) : dayValue(dateValue);
  if (!day) return 'bad';
  let time: number;
  try {
    time = timeValue === undefined ? currentDate.getTime() - Date.UTC(currentDate.getUTCFullYear(), currentDate.getUTCMonth(), currentDate.getUTCDate()) : parseEdmTime(String(timeValue));
  } catch {
    return 'bad';
  }
  const dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  return new Date(dayStart + time);
}

const DATE_FIELDS = new Set(['MfgOrderPlannedStartDate', 'MfgOrderPlannedStartTime', 'MfgOrderPlannedEndDate', 'MfgOrderPlannedEndTime']);
const COMPONENT_FIELDS = new Set(['Material', 'RequiredQuantity', 'StorageLocation']);

export function orderEntitySets(state: SapSimState): Record<string, EntitySetHandler> {
  const notFound = (key: Record<string, string>) => failure(404, `${MSG}/004`, `Order ${key.ManufacturingOrder} does not exist`);
  const findComponent = (key: Record<string, string>) => {
    for (const order of state.listOrders()) {
      const index = updatableComponentValues(order).findIndex((c) => c.Reservation === key.Reservation && c.ReservationItem === key.ReservationItem && c.ReservationRecordType === (key.ReservationRecordType ?? ''));
      if (index >= 0) return { order, index };
    }
    return undefined;
  };
  return {
    A_ProductionOrder_2: {
      list: () => state.listOrders().map((o) => orderEntity(o, state)),
      find: (key) => {
        const order = state.getOrder(key.ManufacturingOrder);
        return order ? orderEntity(order, state) : undefined;
      },
      notFound,
      createRefusal: 'Creating production orders is not simulated; use POST /_sim/orders',
      allowOnEntity: 'GET, PATCH, PUT',
      update: (key, body): SimOutcome<SimEntity> => {
        const order = state.getOrder(key.ManufacturingOrder);
        if (!order) return { ok: false, failure: notFound(key) };
        const unsupported = Object.keys(body).filter((k) => k !== '__metadata' && !DATE_FIELDS.has(k));
        if (unsupported.length > 0) return { ok: false, failure: failure(501, '/IWBEP/CM_MGW_RT/005', `The simulator changes only the planned dates of an order, not ${unsupported.join(', ')}`) };
        if (state.isLocked(order.id)) return { ok: false, failure: lockedFailure(order.id, 'changed') };
        const start = newInstant(order.plannedStart, body.MfgOrderPlannedStartDate, body.MfgOrderPlannedStartTime);
        const end = newInstant(order.plannedEnd, body.MfgOrderPlannedEndDate, body.MfgOrderPlannedEndTime);
        if (start === 'bad' || end === 'bad') return { ok: false, failure: failure(400, '/IWBEP/CM_MGW_RT/020', 'A date or time in the request cannot be read') };
        const nextStart = start ?? new Date(order.plannedStart);
        const nextEnd = end ?? new Date(order.plannedEnd);
        if (nextStart.getTime() >= nextEnd.getTime()) return { ok: false, failure: failure(400, `${MSG}/030`, 'The planned start must be before the planned end') };
        const changed = state.changeDates(order.id, { plannedStart: start ?? undefined, plannedEnd: end ?? undefined });
        return changed ? { ok: true, value: orderEntity(changed, state) } : { ok: false, failure: notFound(key) };
      },
    },
    A_ProductionOrderComponent_4: {
      list: () => state.listOrders().flatMap((o) => updatableComponentValues(o).map((values) => ({ values, etag: orderEtag(o) }))),
      find: (key) => {
        const found = findComponent(key);
        return found ? { values: updatableComponentValues(found.order)[found.index], etag: orderEtag(found.order) } : undefined;
      },
      notFound: (key) => failure(404, `${MSG}/005`, `Component ${key.Reservation}/${key.ReservationItem} does not exist`),
      allowOnEntity: 'GET, PATCH',
      update: (key, body): SimOutcome<SimEntity> => {
        const found = findComponent(key);
        if (!found) return { ok: false, failure: failure(404, `${MSG}/005`, `Component ${key.Reservation}/${key.ReservationItem} does not exist`) };
        const unsupported = Object.keys(body).filter((k) => k !== '__metadata' && !COMPONENT_FIELDS.has(k));
        if (unsupported.length > 0) return { ok: false, failure: failure(501, '/IWBEP/CM_MGW_RT/005', `The simulator changes only Material, RequiredQuantity and StorageLocation of a component, not ${unsupported.join(', ')}`) };
        if (state.isLocked(found.order.id)) return { ok: false, failure: lockedFailure(found.order.id, 'changed') };
        const changed = state.changeComponent(found.order.id, found.index, {
          material: typeof body.Material === 'string' ? body.Material : undefined,
          quantity: typeof body.RequiredQuantity === 'string' ? parseDecimal(body.RequiredQuantity) : undefined,
          storageLocation: typeof body.StorageLocation === 'string' ? body.StorageLocation : undefined,
        });
        if (!changed) return { ok: false, failure: failure(404, `${MSG}/005`, 'Component vanished') };
        return { ok: true, value: { values: updatableComponentValues(changed)[found.index], etag: orderEtag(changed) } };
      },
    },
    A_ProductionOrderComponent_2: {
      list: () => state.listOrders().flatMap((o) => componentValues(o).map((values) => ({ values }))),
      find: (key) => {
        for (const o of state.listOrders()) {
          const values = componentValues(o).find((c) => c.Reservation === key.Reservation && c.ReservationItem === key.ReservationItem);
          if (values) return { values };
        }
        return undefined;
      },
      notFound: (key) => failure(404, `${MSG}/005`, `Component ${key.Reservation}/${key.ReservationItem} does not exist`),
    },
    A_ProductionOrderOperation_2: {
      list: () => state.listOrders().flatMap((o) => operationValues(o).map((values) => ({ values, etag: orderEtag(o) }))),
      find: (key) => {
        for (const o of state.listOrders()) {
          const values = operationValues(o).find((op) => op.OrderInternalBillOfOperations === key.OrderInternalBillOfOperations && op.OrderIntBillOfOperationsItem === key.OrderIntBillOfOperationsItem);
          if (values) return { values, etag: orderEtag(o) };
        }
        return undefined;
      },
      notFound: (key) => failure(404, `${MSG}/006`, `Operation ${key.OrderIntBillOfOperationsItem} does not exist`),
    },
  };
}

export function orderFunctions(state: SapSimState, namespace: () => string): Record<string, (params: URLSearchParams) => SimOutcome<JsonObject>> {
  return {
    ReleaseOrder: (params) => {
      state.count('release');
      const id = parameterValue(params, 'ManufacturingOrder');
      const raw = params.get('ManufacturingOrder');
      if (id === null || raw === null || !/^'.*'$/.test(raw) || id === '' || id.length > 12) {
        state.count('bad-request');
        return { ok: false, failure: failure(400, '/IWBEP/CM_MGW_RT/004', "Parameter ManufacturingOrder is missing or not a string literal like '1000123'") };
      }
      const outcome = state.release(id);
      switch (outcome.kind) {
        case 'not-found':
          return { ok: false, failure: failure(404, `${MSG}/004`, `Order ${id} does not exist`) };
        case 'locked':
          return { ok: false, failure: lockedFailure(id, 'released') };
        case 'already-released':
          return { ok: true, value: { ReleaseOrder: functionMessage(namespace(), 'I', '002', `Order ${id} is already released`, id) } };
        case 'released':
          return { ok: true, value: { ReleaseOrder: functionMessage(namespace(), 'S', '001', `Order ${id} released`, id) } };
      }
    },
  };
}
