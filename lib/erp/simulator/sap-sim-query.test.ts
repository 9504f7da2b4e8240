import { describe, expect, it } from 'vitest';
import { loadSimModel, propertyIndex, requireEntityType } from './sap-sim-model';
import { evaluateFilter, ODataQueryError, parseExpand, parseFilter, parseOrderBy, parseSelect, sortRecords } from './sap-sim-query';
import type { WireRecord } from './sap-sim-odata';

const type = requireEntityType(loadSimModel(), 'A_ProductionOrder_2Type');
const properties = propertyIndex(type);

const record = (overrides: WireRecord): WireRecord => ({
  ManufacturingOrder: '1000000',
  ProductionPlant: '1710',
  OrderIsReleased: '',
  TotalQuantity: '500.000',
  MfgOrderPlannedEndDate: '/Date(1748736000000)/',
  Material: "O'RING",
  ...overrides,
});

const matches = (filter: string, r: WireRecord) => evaluateFilter(parseFilter(filter, type), r, properties);

describe('$filter', () => {
  it('combines eq on strings with and', () => {
    const filter = "ProductionPlant eq '1710' and OrderIsReleased eq ''";
    expect(matches(filter, record({}))).toBe(true);
    expect(matches(filter, record({ OrderIsReleased: 'X' }))).toBe(false);
    expect(matches(filter, record({ ProductionPlant: '1010' }))).toBe(false);
  });

  it('supports or, not, parentheses, ne and ordering comparisons', () => {
    expect(matches("(ProductionPlant eq '1010' or ProductionPlant eq '1710') and not (OrderIsReleased eq 'X')", record({}))).toBe(true);
    expect(matches("ManufacturingOrder gt '1000000'", record({ ManufacturingOrder: '1000001' }))).toBe(true);
    expect(matches("OrderIsReleased ne ''", record({}))).toBe(false);
  });

  it('compares decimals as numbers and dates as instants', () => {
    expect(matches('TotalQuantity ge 500', record({}))).toBe(true);
    expect(matches('TotalQuantity gt 500.5M', record({}))).toBe(false);
    expect(matches("MfgOrderPlannedEndDate lt datetime'2025-06-02T00:00:00'", record({}))).toBe(true);
  });

  it('reads doubled quotes inside literals', () => {
    expect(matches("Material eq 'O''RING'", record({}))).toBe(true);
  });

  it('rejects unknown properties with the Gateway runtime code', () => {
    try {
      parseFilter("WorkCenter eq 'WC-ASSY-05'", type);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ODataQueryError);
      expect((error as ODataQueryError).code).toMatch(/^\/IWBEP\/CM_MGW_RT\//);
      expect((error as ODataQueryError).message).toContain('WorkCenter');
    }
  });

  it.each(["ProductionPlant eq '1710", "ProductionPlant = '1710'", "ProductionPlant eq '1710' and", "substringof('17', ProductionPlant)", 'TotalQuantity eq \'5\''])(
    'rejects %j',
    (filter) => {
      expect(() => matches(filter, record({}))).toThrow(ODataQueryError);
    },
  );
});

describe('$orderby, $select, $expand', () => {
  it('sorts by several properties and directions', () => {
    const rows = [record({ ManufacturingOrder: '2', ProductionPlant: 'B' }), record({ ManufacturingOrder: '1', ProductionPlant: 'B' }), record({ ManufacturingOrder: '3', ProductionPlant: 'A' })];
    const sorted = sortRecords(rows, parseOrderBy('ProductionPlant desc, ManufacturingOrder', type));
    expect(sorted.map((r) => r.ManufacturingOrder)).toEqual(['1', '2', '3']);
  });

  it('checks names against the type', () => {
    expect(parseSelect('ManufacturingOrder,to_ProductionOrderComponent', type)).toEqual(new Set(['ManufacturingOrder', 'to_ProductionOrderComponent']));
    expect(parseSelect('*', type)).toBeNull();
    expect(() => parseSelect('Nope', type)).toThrow(ODataQueryError);
    expect(parseExpand('to_ProductionOrderComponent,to_ProductionOrderOperation', type)).toHaveLength(2);
    expect(() => parseExpand('to_Nope', type)).toThrow(ODataQueryError);
    expect(() => parseOrderBy('ManufacturingOrder sideways', type)).toThrow(ODataQueryError);
  });
});
