// The service model the SAP simulator serves: the real EDMX of
// API_PRODUCTION_ORDER_2_SRV when the contract file is at hand, so that every
// entity carries exactly the properties SAP would send and $filter rejects what
// SAP would reject. Without the file (a machine without /work/shared) it falls
// back to a built-in subset, generated as EDMX and parsed by the same reader.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contractFile } from '@/lib/erp/contracts-dir';
import { parseEdmx, unqualified, type EdmxEntityType, type EdmxModel, type EdmxProperty } from '@/lib/erp/sap/edmx-reader';

export const SIM_SERVICE_NAME = 'API_PRODUCTION_ORDER_2_SRV';

export interface SimModel {
  source: 'edmx' | 'built-in';
  /** What GET $metadata answers. */
  metadataXml: string;
  edmx: EdmxModel;
}

export function defaultEdmxPath(): string {
  return contractFile('sap', 'odata-v2', 'API_PRODUCTION_ORDER_2_SRV.edmx') ?? path.resolve(process.cwd(), '../shared/erp-contracts/sap/odata-v2/API_PRODUCTION_ORDER_2_SRV.edmx');
}

export type PropertySpec = [name: string, type: string, facets?: string];

export interface BuiltInType {
  name: string;
  key: string[];
  properties: PropertySpec[];
  navigations: [name: string, targetType: string][];
}

// Only the properties the simulator fills in or the connector reads; names and
// types copied from the EDMX (the contract test checks they still match).
const BUILT_IN_TYPES: BuiltInType[] = [
  {
    name: 'A_ProductionOrder_2Type',
    key: ['ManufacturingOrder'],
    properties: [
      ['ManufacturingOrder', 'Edm.String', 'Nullable="false" MaxLength="12"'],
      ['ManufacturingOrderCategory', 'Edm.String', 'MaxLength="2"'],
      ['ManufacturingOrderType', 'Edm.String', 'MaxLength="4"'],
      ['OrderIsCreated', 'Edm.String', 'MaxLength="1"'],
      ['OrderIsReleased', 'Edm.String', 'MaxLength="1"'],
      ['OrderIsLocked', 'Edm.String', 'MaxLength="1"'],
      ['OrderIsMarkedForDeletion', 'Edm.String', 'MaxLength="1"'],
      ['OrderIsScheduled', 'Edm.String', 'MaxLength="1"'],
      ['MfgOrderCreationDate', 'Edm.DateTime', 'Precision="0"'],
      ['MfgOrderCreationTime', 'Edm.Time', 'Precision="0"'],
      ['LastChangeDateTime', 'Edm.String', 'MaxLength="14" ConcurrencyMode="Fixed"'],
      ['Material', 'Edm.String', 'MaxLength="40"'],
      ['OrderInternalBillOfOperations', 'Edm.String', 'MaxLength="10"'],
      ['ProductionPlant', 'Edm.String', 'MaxLength="4"'],
      ['Plant', 'Edm.String', 'MaxLength="4"'],
      ['MfgOrderPlannedStartDate', 'Edm.DateTime', 'Precision="0"'],
      ['MfgOrderPlannedStartTime', 'Edm.Time', 'Precision="0"'],
      ['MfgOrderPlannedEndDate', 'Edm.DateTime', 'Precision="0"'],
      ['MfgOrderPlannedEndTime', 'Edm.Time', 'Precision="0"'],
      ['MfgOrderScheduledStartDate', 'Edm.DateTime', 'Precision="0"'],
      ['MfgOrderScheduledStartTime', 'Edm.Time', 'Precision="0"'],
      ['MfgOrderScheduledEndDate', 'Edm.DateTime', 'Precision="0"'],
      ['MfgOrderScheduledEndTime', 'Edm.Time', 'Precision="0"'],
      ['MfgOrderActualReleaseDate', 'Edm.DateTime', 'Precision="0"'],
      ['ProductionUnit', 'Edm.String', 'MaxLength="3"'],
      ['TotalQuantity', 'Edm.Decimal', 'Precision="13" Scale="3"'],
    ],
    navigations: [
      ['to_ProductionOrderComponent', 'A_ProductionOrderComponent_2Type'],
      ['to_ProductionOrderOperation', 'A_ProductionOrderOperation_2Type'],
    ],
  },
  {
    name: 'A_ProductionOrderComponent_2Type',
    key: ['Reservation', 'ReservationItem'],
    properties: [
      ['Reservation', 'Edm.String', 'Nullable="false" MaxLength="10"'],
      ['ReservationItem', 'Edm.String', 'Nullable="false" MaxLength="4"'],
      ['Material', 'Edm.String', 'MaxLength="40"'],
      ['Plant', 'Edm.String', 'MaxLength="4"'],
      ['ManufacturingOrder', 'Edm.String', 'MaxLength="12"'],
      ['ManufacturingOrderOperation', 'Edm.String', 'MaxLength="4"'],
      ['MatlCompRequirementDate', 'Edm.DateTime', 'Precision="0"'],
      ['MatlCompIsMarkedForDeletion', 'Edm.Boolean', ''],
      ['BillOfMaterialItemNumber', 'Edm.String', 'MaxLength="4"'],
      ['StorageLocation', 'Edm.String', 'MaxLength="4"'],
      ['GoodsMovementType', 'Edm.String', 'MaxLength="3"'],
      ['BaseUnit', 'Edm.String', 'MaxLength="3"'],
      ['RequiredQuantity', 'Edm.Decimal', 'Precision="13" Scale="3"'],
      ['WithdrawnQuantity', 'Edm.Decimal', 'Precision="13" Scale="3"'],
    ],
    navigations: [],
  },
  {
    name: 'A_ProductionOrderOperation_2Type',
    key: ['OrderInternalBillOfOperations', 'OrderIntBillOfOperationsItem'],
    properties: [
      ['OrderInternalBillOfOperations', 'Edm.String', 'Nullable="false" MaxLength="10"'],
      ['OrderIntBillOfOperationsItem', 'Edm.String', 'Nullable="false" MaxLength="8"'],
      ['ManufacturingOrder', 'Edm.String', 'MaxLength="12"'],
      ['ManufacturingOrderOperation', 'Edm.String', 'MaxLength="4"'],
      ['MfgOrderOperationText', 'Edm.String', 'MaxLength="40"'],
      ['OperationIsReleased', 'Edm.String', 'MaxLength="1"'],
      ['OperationIsDeleted', 'Edm.String', 'MaxLength="1"'],
      ['ProductionPlant', 'Edm.String', 'MaxLength="4"'],
      ['WorkCenter', 'Edm.String', 'MaxLength="8"'],
      ['OpErlstSchedldExecStrtDte', 'Edm.DateTime', 'Precision="0"'],
      ['OpErlstSchedldExecStrtTme', 'Edm.Time', 'Precision="0"'],
      ['OpErlstSchedldExecEndDte', 'Edm.DateTime', 'Precision="0"'],
      ['OpErlstSchedldExecEndTme', 'Edm.Time', 'Precision="0"'],
      ['OperationUnit', 'Edm.String', 'MaxLength="3"'],
      ['OpPlannedTotalQuantity', 'Edm.Decimal', 'Precision="13" Scale="3"'],
      ['LastChangeDateTime', 'Edm.String', 'MaxLength="14" ConcurrencyMode="Fixed"'],
    ],
    navigations: [],
  },
];

const FUNCTION_MESSAGE_PROPERTIES: PropertySpec[] = [
  ['SystemMessageType', 'Edm.String', 'MaxLength="1"'],
  ['SystemMessageIdentification', 'Edm.String', 'MaxLength="20"'],
  ['SystemMessageNumber', 'Edm.String', 'MaxLength="3"'],
  ['SystemMessageLongText', 'Edm.String', 'MaxLength="220"'],
  ['SystemMessageVariable1', 'Edm.String', 'MaxLength="50"'],
  ['SystemMessageVariable2', 'Edm.String', 'MaxLength="50"'],
  ['SystemMessageVariable3', 'Edm.String', 'MaxLength="50"'],
  ['SystemMessageVariable4', 'Edm.String', 'MaxLength="50"'],
];

/**
 * An EDMX document for entity types the simulator defines itself: the
 * fallback when a contract file is missing, and the services that have no
 * contract file at all (quality notifications, journal read-back).
 */
export function buildEdmx(namespace: string, types: BuiltInType[], options: { comment: string; complexTypes?: string[]; functionImports?: string[] }): string {
  const ns = namespace;
  const property = ([name, type, facets]: PropertySpec) => `<Property Name="${name}" Type="${type}"${facets ? ` ${facets}` : ''}/>`;
  const associations: string[] = [];
  const associationSets: string[] = [];
  const xmlTypes = types.map((t) => {
    const navs = t.navigations.map(([nav, target]) => {
      const assoc = `assoc_${t.name}_${nav}`;
      associations.push(
        `<Association Name="${assoc}"><End Type="${ns}.${t.name}" Multiplicity="1" Role="FromRole_${assoc}"/><End Type="${ns}.${target}" Multiplicity="*" Role="ToRole_${assoc}"/></Association>`,
      );
      associationSets.push(
        `<AssociationSet Name="${assoc}" Association="${ns}.${assoc}"><End EntitySet="${t.name.replace(/Type$/, '')}" Role="FromRole_${assoc}"/><End EntitySet="${target.replace(/Type$/, '')}" Role="ToRole_${assoc}"/></AssociationSet>`,
      );
      return `<NavigationProperty Name="${nav}" Relationship="${ns}.${assoc}" FromRole="FromRole_${assoc}" ToRole="ToRole_${assoc}"/>`;
    });
    const key = t.key.map((k) => `<PropertyRef Name="${k}"/>`).join('');
    return `<EntityType Name="${t.name}"><Key>${key}</Key>${t.properties.map(property).join('')}${navs.join('')}</EntityType>`;
  });
  const sets = types.map((t) => `<EntitySet Name="${t.name.replace(/Type$/, '')}" EntityType="${ns}.${t.name}"/>`);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<!-- ${options.comment.replace(/--/g, '-')} -->`,
    '<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">',
    '<edmx:DataServices m:DataServiceVersion="2.0">',
    `<Schema Namespace="${ns}" xml:lang="en" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">`,
    ...xmlTypes,
    ...(options.complexTypes ?? []),
    ...associations,
    `<EntityContainer Name="${ns}_Entities" m:IsDefaultEntityContainer="true">`,
    ...sets,
    ...associationSets,
    ...(options.functionImports ?? []),
    '</EntityContainer>',
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
  ].join('\n');
}

export function builtInModel(namespace: string, types: BuiltInType[], comment: string): SimModel {
  const xml = buildEdmx(namespace, types, { comment });
  return { source: 'built-in', metadataXml: xml, edmx: parseEdmx(xml) };
}

function builtInEdmx(missingPath: string): string {
  const property = ([name, type, facets]: PropertySpec) => `<Property Name="${name}" Type="${type}"${facets ? ` ${facets}` : ''}/>`;
  return buildEdmx(SIM_SERVICE_NAME, BUILT_IN_TYPES, {
    comment: `Interlock SAP simulator: built-in subset of ${SIM_SERVICE_NAME}. The contract file was not found at ${missingPath}.`,
    complexTypes: [`<ComplexType Name="FunctionMessage">${FUNCTION_MESSAGE_PROPERTIES.map(property).join('')}</ComplexType>`],
    functionImports: [
      `<FunctionImport Name="ReleaseOrder" ReturnType="${SIM_SERVICE_NAME}.FunctionMessage" m:HttpMethod="POST"><Parameter Name="ManufacturingOrder" Type="Edm.String" Mode="In" MaxLength="12"/></FunctionImport>`,
    ],
  });
}

/** The contract EDMX of a service, or null when the file is not at hand. */
export function loadContractModel(file: string | null): SimModel | null {
  if (!file || !existsSync(file)) return null;
  const xml = readFileSync(file, 'utf8');
  return { source: 'edmx', metadataXml: xml, edmx: parseEdmx(xml) };
}

export function loadSimModel(edmxPath: string = defaultEdmxPath()): SimModel {
  if (existsSync(edmxPath)) {
    const xml = readFileSync(edmxPath, 'utf8');
    return { source: 'edmx', metadataXml: xml, edmx: parseEdmx(xml) };
  }
  const xml = builtInEdmx(edmxPath);
  return { source: 'built-in', metadataXml: xml, edmx: parseEdmx(xml) };
}

export function entityTypeOfSet(model: SimModel, entitySet: string): EdmxEntityType | undefined {
  const qualified = model.edmx.entitySets.get(entitySet);
  return qualified ? model.edmx.entityTypes.get(unqualified(qualified)) : undefined;
}

export function requireEntityType(model: SimModel, name: string): EdmxEntityType {
  const type = model.edmx.entityTypes.get(name);
  if (!type) throw new Error(`the simulator's service model has no entity type ${name}`);
  return type;
}

export function propertyIndex(type: EdmxEntityType): Map<string, EdmxProperty> {
  return new Map(type.properties.map((p) => [p.name, p]));
}
