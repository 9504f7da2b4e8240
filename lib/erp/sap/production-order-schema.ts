// What we read from and send to API_PRODUCTION_ORDER_2_SRV, as zod schemas and
// as the list of EDMX names they rely on. The contract test checks every name
// and Edm type here against the EDMX, so a typo or a renamed field fails in CI
// rather than on a customer's system. SAP types stay in lib/erp/sap.
import { z } from 'zod';
import { isDecimalString, isODataDate, parseEdmTime } from './odata-values';

export const SERVICE_NAME = 'API_PRODUCTION_ORDER_2_SRV';
export const SERVICE_PATH = `/sap/opu/odata/sap/${SERVICE_NAME}`;

export const ORDER_ENTITY_SET = 'A_ProductionOrder_2';
export const ORDER_ENTITY_TYPE = 'A_ProductionOrder_2Type';
export const COMPONENT_NAVIGATION = 'to_ProductionOrderComponent';
export const COMPONENT_ENTITY_TYPE = 'A_ProductionOrderComponent_2Type';
// The order header has no work-center property; the work center lives on the
// operations (A_ProductionOrderOperation_2Type.WorkCenter), so we expand them.
export const OPERATION_NAVIGATION = 'to_ProductionOrderOperation';
export const OPERATION_ENTITY_TYPE = 'A_ProductionOrderOperation_2Type';

export const RELEASE_FUNCTION = 'ReleaseOrder';
export const RELEASE_PARAMETER = 'ManufacturingOrder';
export const RELEASE_RETURN_TYPE = 'FunctionMessage';

/** Order header properties we read, with their Edm types as the EDMX declares them. */
export const ORDER_PROPERTIES = {
  ManufacturingOrder: 'Edm.String',
  ProductionPlant: 'Edm.String',
  Material: 'Edm.String',
  TotalQuantity: 'Edm.Decimal',
  ProductionUnit: 'Edm.String',
  MfgOrderPlannedStartDate: 'Edm.DateTime',
  MfgOrderPlannedStartTime: 'Edm.Time',
  MfgOrderPlannedEndDate: 'Edm.DateTime',
  MfgOrderPlannedEndTime: 'Edm.Time',
  MfgOrderScheduledStartDate: 'Edm.DateTime',
  MfgOrderScheduledStartTime: 'Edm.Time',
  MfgOrderScheduledEndDate: 'Edm.DateTime',
  MfgOrderScheduledEndTime: 'Edm.Time',
  OrderIsReleased: 'Edm.String',
  OrderIsMarkedForDeletion: 'Edm.String',
  LastChangeDateTime: 'Edm.String',
} as const;

export const COMPONENT_PROPERTIES = {
  Reservation: 'Edm.String',
  ReservationItem: 'Edm.String',
  Material: 'Edm.String',
  RequiredQuantity: 'Edm.Decimal',
  BaseUnit: 'Edm.String',
  StorageLocation: 'Edm.String',
  MatlCompIsMarkedForDeletion: 'Edm.Boolean',
} as const;

export const OPERATION_PROPERTIES = {
  ManufacturingOrderOperation: 'Edm.String',
  WorkCenter: 'Edm.String',
  OperationIsDeleted: 'Edm.String',
} as const;

/** Properties we put into $filter and $orderby. */
export const FILTER_PROPERTIES = ['ProductionPlant', 'OrderIsReleased', 'OrderIsMarkedForDeletion'] as const;
export const ORDER_BY_PROPERTY = 'ManufacturingOrder';

export const FUNCTION_MESSAGE_PROPERTIES = {
  SystemMessageType: 'Edm.String',
  SystemMessageIdentification: 'Edm.String',
  SystemMessageNumber: 'Edm.String',
  SystemMessageLongText: 'Edm.String',
  SystemMessageVariable1: 'Edm.String',
  SystemMessageVariable2: 'Edm.String',
  SystemMessageVariable3: 'Edm.String',
  SystemMessageVariable4: 'Edm.String',
} as const;

/** $select for order reads: the header fields plus the two expanded navigations. */
export const ORDER_SELECT = [...Object.keys(ORDER_PROPERTIES), COMPONENT_NAVIGATION, OPERATION_NAVIGATION].join(',');
export const ORDER_EXPAND = [COMPONENT_NAVIGATION, OPERATION_NAVIGATION].join(',');

const edmDateTime = z.string().refine(isODataDate, { message: 'expected /Date(ms)/' });
const edmTime = z.string().refine(
  (value) => {
    try {
      parseEdmTime(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an Edm.Time like PT10H15M00S' },
);
const edmDecimal = z.string().refine(isDecimalString, { message: 'expected an Edm.Decimal string like "5.000"' });
// Status indicators are one-character strings, 'X' for set and '' for not set.
const flag = z.enum(['X', '']);

const metadata = (entityType: string) =>
  z.object({
    id: z.string().optional(),
    uri: z.string(),
    type: z.string().refine((t) => t.endsWith(`.${entityType}`), { message: `expected type ${entityType}` }),
    etag: z.string().optional(),
  });

export const sapComponentSchema = z.object({
  __metadata: metadata(COMPONENT_ENTITY_TYPE),
  Reservation: z.string(),
  ReservationItem: z.string(),
  Material: z.string().min(1),
  RequiredQuantity: edmDecimal,
  BaseUnit: z.string(),
  StorageLocation: z.string(),
  MatlCompIsMarkedForDeletion: z.boolean().nullable(),
});

export const sapOperationSchema = z.object({
  __metadata: metadata(OPERATION_ENTITY_TYPE),
  ManufacturingOrderOperation: z.string(),
  WorkCenter: z.string(),
  OperationIsDeleted: flag,
});

export const sapProductionOrderSchema = z.object({
  __metadata: metadata(ORDER_ENTITY_TYPE),
  ManufacturingOrder: z.string().min(1),
  ProductionPlant: z.string(),
  Material: z.string().min(1),
  TotalQuantity: edmDecimal,
  ProductionUnit: z.string(),
  MfgOrderPlannedStartDate: edmDateTime.nullable(),
  MfgOrderPlannedStartTime: edmTime.nullable(),
  MfgOrderPlannedEndDate: edmDateTime.nullable(),
  MfgOrderPlannedEndTime: edmTime.nullable(),
  MfgOrderScheduledStartDate: edmDateTime.nullable(),
  MfgOrderScheduledStartTime: edmTime.nullable(),
  MfgOrderScheduledEndDate: edmDateTime.nullable(),
  MfgOrderScheduledEndTime: edmTime.nullable(),
  OrderIsReleased: flag,
  OrderIsMarkedForDeletion: flag,
  LastChangeDateTime: z.string(),
  // We always $expand both: a `__deferred` here would mean the expand was ignored.
  to_ProductionOrderComponent: z.object({ results: z.array(sapComponentSchema) }),
  to_ProductionOrderOperation: z.object({ results: z.array(sapOperationSchema) }),
});

export type SapProductionOrder = z.infer<typeof sapProductionOrderSchema>;

export const sapOrderEntityResponseSchema = z.object({ d: sapProductionOrderSchema });

export const sapOrderCollectionResponseSchema = z.object({
  d: z.object({
    results: z.array(sapProductionOrderSchema),
    // V2 JSON writes the inline count as a string.
    __count: z.string().regex(/^\d+$/).optional(),
  }),
});

/** A light read used to check an order's plant before changing it. */
export const sapOrderScopeResponseSchema = z.object({
  d: z.object({ __metadata: metadata(ORDER_ENTITY_TYPE), ManufacturingOrder: z.string(), ProductionPlant: z.string() }),
});
export const ORDER_SCOPE_SELECT = 'ManufacturingOrder,ProductionPlant';

export const sapFunctionMessageSchema = z.object({
  SystemMessageType: z.string(),
  SystemMessageIdentification: z.string().optional(),
  SystemMessageNumber: z.string().optional(),
  SystemMessageLongText: z.string().optional(),
  SystemMessageVariable1: z.string().optional(),
  SystemMessageVariable2: z.string().optional(),
  SystemMessageVariable3: z.string().optional(),
  SystemMessageVariable4: z.string().optional(),
});

export type SapFunctionMessage = z.infer<typeof sapFunctionMessageSchema>;

// The OpenAPI contract wraps the complex type in the function's name
// ({"d":{"ReleaseOrder":{...}}}); PROTOCOL-NOTES asks to verify that on a
// tenant, so the bare {"d":{...}} form is accepted too.
export const sapReleaseResponseSchema = z.object({
  d: z.union([z.object({ [RELEASE_FUNCTION]: sapFunctionMessageSchema }), sapFunctionMessageSchema]),
});
