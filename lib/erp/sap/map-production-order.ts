// SAP production order → domain ErpProductionOrder. The only place that knows
// which SAP field means what for us.
import { ErpError, type ErpMessage, type ErpProductionOrder } from '@/lib/erp/connector';
import { toSeverity } from './odata-errors';
import { combineDateAndTime, parseDecimal } from './odata-values';
import type { SapFunctionMessage, SapProductionOrder } from './production-order-schema';

export function toErpProductionOrder(order: SapProductionOrder, etagHeader?: string | null): ErpProductionOrder {
  try {
    // The basic (planned) finish date is the date the planner promised; the
    // scheduled dates come from capacity scheduling and may be empty.
    const dueDate =
      combineDateAndTime(order.MfgOrderPlannedEndDate, order.MfgOrderPlannedEndTime) ??
      combineDateAndTime(order.MfgOrderScheduledEndDate, order.MfgOrderScheduledEndTime);
    if (!dueDate) {
      throw new ErpError('PROTOCOL', `SAP order ${order.ManufacturingOrder} has neither a planned nor a scheduled end date`);
    }
    const scheduledStart =
      combineDateAndTime(order.MfgOrderScheduledStartDate, order.MfgOrderScheduledStartTime) ??
      combineDateAndTime(order.MfgOrderPlannedStartDate, order.MfgOrderPlannedStartTime);

    // First live operation in routing order carries the order's work center.
    const operation = order.to_ProductionOrderOperation.results
      .filter((op) => op.OperationIsDeleted !== 'X' && op.WorkCenter !== '')
      .sort((a, b) => a.ManufacturingOrderOperation.localeCompare(b.ManufacturingOrderOperation))[0];

    return {
      erpOrderId: order.ManufacturingOrder,
      siteId: order.ProductionPlant,
      material: order.Material,
      quantity: parseDecimal(order.TotalQuantity),
      uom: order.ProductionUnit,
      workCenter: operation?.WorkCenter ?? null,
      dueDate,
      scheduledStart,
      isReleased: order.OrderIsReleased === 'X',
      etag: etagHeader ?? order.__metadata.etag ?? null,
      components: order.to_ProductionOrderComponent.results
        .filter((c) => c.MatlCompIsMarkedForDeletion !== true)
        .map((c) => ({
          material: c.Material,
          quantity: parseDecimal(c.RequiredQuantity),
          uom: c.BaseUnit,
          ...(c.StorageLocation ? { storageLocation: c.StorageLocation } : {}),
        })),
    };
  } catch (error) {
    if (error instanceof ErpError) throw error;
    throw new ErpError('PROTOCOL', `SAP order ${order.ManufacturingOrder} has a value we cannot read`, { cause: error });
  }
}

/** A FunctionMessage as a domain message; the text falls back to class/number and variables. */
export function toErpMessage(message: SapFunctionMessage): ErpMessage {
  const id = message.SystemMessageIdentification ?? '';
  const number = message.SystemMessageNumber ?? '';
  const code = id || number ? `${id}/${number}` : '';
  const variables = [message.SystemMessageVariable1, message.SystemMessageVariable2, message.SystemMessageVariable3, message.SystemMessageVariable4]
    .filter((v): v is string => Boolean(v))
    .join(' ');
  const text = message.SystemMessageLongText || [code, variables].filter(Boolean).join(' ') || 'SAP returned no message text';
  return { code, text, severity: toSeverity(message.SystemMessageType) };
}
