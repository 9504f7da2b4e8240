// Changes to a production order through API_PRODUCTION_ORDER_2_SRV, both
// ETag-protected (LastChangeDateTime, ConcurrencyMode Fixed; PROTOCOL-NOTES
// §2.4): the planned dates by PATCH on A_ProductionOrder_2, a component
// substitution by PATCH on A_ProductionOrderComponent_4 (the updatable
// component set, key Reservation/ReservationItem/ReservationRecordType).
// Whether a tenant lets Material change on an existing component is [verify];
// the entity set and the properties are configurable.
import { z } from 'zod';
import { isDecimalString } from './odata-values';

export const COMPONENT_UPDATE_SET = 'A_ProductionOrderComponent_4';
export const COMPONENT_UPDATE_TYPE = 'A_ProductionOrderComponent_4Type';
export const COMPONENT_UPDATE_NAVIGATION = 'to_ProductionOrderComponentExt4';

/** Properties a substitution sends. */
export const COMPONENT_UPDATE_SENT = {
  Material: 'Edm.String',
  RequiredQuantity: 'Edm.Decimal',
  StorageLocation: 'Edm.String',
} as const;

/** Properties a date change sends. */
export const ORDER_DATES_SENT = {
  MfgOrderPlannedStartDate: 'Edm.DateTime',
  MfgOrderPlannedStartTime: 'Edm.Time',
  MfgOrderPlannedEndDate: 'Edm.DateTime',
  MfgOrderPlannedEndTime: 'Edm.Time',
} as const;

const edmDecimal = z.string().refine(isDecimalString, { message: 'expected an Edm.Decimal string' });

export const sapUpdatableComponentSchema = z.object({
  __metadata: z.object({ uri: z.string(), type: z.string(), etag: z.string().optional() }),
  Reservation: z.string(),
  ReservationItem: z.string(),
  ReservationRecordType: z.string(),
  Material: z.string(),
  RequiredQuantity: edmDecimal,
  BaseUnit: z.string(),
  StorageLocation: z.string(),
  MatlCompIsMarkedForDeletion: z.boolean().nullable(),
  LastChangeDateTime: z.string(),
});

export type SapUpdatableComponent = z.infer<typeof sapUpdatableComponentSchema>;

export const COMPONENT_UPDATE_READ = Object.keys(sapUpdatableComponentSchema.shape).filter((k) => k !== '__metadata');

export const sapOrderWithUpdatableComponentsResponse = z.object({
  d: z.object({
    __metadata: z.object({ etag: z.string().optional() }),
    ManufacturingOrder: z.string(),
    ProductionPlant: z.string(),
    LastChangeDateTime: z.string(),
    to_ProductionOrderComponentExt4: z.object({ results: z.array(sapUpdatableComponentSchema) }),
  }),
});

export function componentKey(c: Pick<SapUpdatableComponent, 'Reservation' | 'ReservationItem' | 'ReservationRecordType'>): string {
  const q = (v: string) => `'${v.replace(/'/g, "''")}'`;
  return `${COMPONENT_UPDATE_SET}(Reservation=${q(c.Reservation)},ReservationItem=${q(c.ReservationItem)},ReservationRecordType=${q(c.ReservationRecordType)})`;
}
