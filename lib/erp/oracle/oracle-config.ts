// Every Oracle Fusion name the adapter relies on beyond what PROTOCOL-NOTES §3
// confirms: resource paths, attribute names, transaction type codes, the ESS
// job and its parameter list, status codes. No Oracle describe/OpenAPI file
// exists in the contracts (SOURCES.md), so these defaults follow Oracle's
// REST documentation as far as it shows them and are [verify] against the
// customer's pod (GET <resource>/describe) before go-live. The simulator uses
// the same configuration, so changing a name here changes both sides.
export interface OracleResourceConfig {
  /** Path segment after /fscmRestApi/resources/; "latest" also works on most pods. */
  apiVersion: string;
  /** REST-Framework-Version header: ≥2 gives the `q=A='x' and B=1` filter syntax used here. */
  restFrameworkVersion: string;
  sourceSystemCode: string;
  sourceSystemType: string;
  workOrders: {
    resource: string;
    idField: string;
    numberField: string;
    organizationField: string;
    itemField: string;
    quantityField: string;
    uomField: string;
    statusField: string;
    plannedStartField: string;
    plannedCompletionField: string;
    /** Status codes of work orders that are ready but not released. */
    unreleasedStatuses: string[];
    releasedStatus: string;
    materialChild: string;
    materialIdField: string;
    materialItemField: string;
    materialQuantityField: string;
    materialUomField: string;
    materialSubinventoryField: string;
    materialOperationField: string;
    operationChild: string;
    operationSequenceField: string;
    operationWorkCenterField: string;
  };
  materialTransactions: {
    resource: string;
    detailChild: string;
    /** TransactionTypeCode per domain movement. */
    types: { GOODS_ISSUE: string; GOODS_ISSUE_REVERSAL: string; GOODS_RECEIPT: string };
    /** Where our reference goes on each detail. */
    referenceField: string;
    lineReferenceField: string;
    defaultOperationSequence: number;
  };
  stagedTransactions: {
    resource: string;
    /** TransactionTypeName per domain movement. */
    types: { SCRAP: string; MISC_ISSUE: string; MISC_RECEIPT: string };
    referenceField: string;
    sourceCode: string;
    /** 1 online: processed at once, so the completed transaction exists when the POST answers. */
    transactionMode: string;
    /** The account combination charged for an issue; {costCenter} is replaced. */
    accountTemplate: string;
  };
  completedTransactions: {
    resource: string;
    idField: string;
    /** Read-back filters on these, joined with `or`. */
    referenceFields: string[];
  };
  operationTransactions: {
    resource: string;
    detailChild: string;
    transactionType: string;
    referenceField: string;
  };
  erpIntegrations: {
    resource: string;
    documentAccount: string;
    jobName: string;
    /** ESS parameters in order; {dataAccessSetId}, {source}, {ledgerId}, {groupId} are replaced. */
    parameterList: string;
    pollIntervalMs: number;
    pollTimeoutMs: number;
  };
  journals: {
    ledgerId: string;
    dataAccessSetId: string;
    source: string;
    category: string;
    /** Separator of the segments in a domain GL account ("101.10.5110.000"). */
    segmentSeparator: string;
    /** Segment (1-based) that a line's cost center replaces; 0 leaves the account as given. */
    costCenterSegment: number;
    /** Read-back: journal batches whose name starts with our reference (Journal Import appends the request id). */
    readBackResource: string;
    batchNameField: string;
    batchIdField: string;
  };
  qualityIssues: {
    resource: string;
    numberField: string;
    referenceField: string;
    fields: { name: string; description: string; item: string; organization: string; workOrder: string; defectCode: string; quantity: string; uom: string };
  };
  boms: {
    resource: string;
    itemField: string;
    organizationField: string;
    structureNameField: string;
    primaryStructureName: string;
    componentChild: string;
    componentItemField: string;
    componentSequenceField: string;
    componentQuantityField: string;
    componentUomField: string;
    substituteChild: string;
    substituteItemField: string;
    substituteQuantityField: string;
    substitutePriorityField: string;
  };
  onhand: {
    resource: string;
    itemField: string;
    organizationField: string;
    subinventoryField: string;
    lotField: string;
    quantityField: string;
    uomField: string;
  };
}

export const DEFAULT_ORACLE_CONFIG: OracleResourceConfig = {
  apiVersion: '11.13.18.05',
  restFrameworkVersion: '4',
  sourceSystemCode: 'INTERLOCK',
  sourceSystemType: 'EXTERNAL',
  workOrders: {
    resource: 'workOrders',
    idField: 'WorkOrderId',
    numberField: 'WorkOrderNumber',
    organizationField: 'OrganizationCode',
    itemField: 'ItemNumber',
    quantityField: 'PlannedStartQuantity',
    uomField: 'UOMCode',
    statusField: 'WorkOrderStatusCode',
    plannedStartField: 'PlannedStartDate',
    plannedCompletionField: 'PlannedCompletionDate',
    unreleasedStatuses: ['ORA_UNRELEASED'],
    releasedStatus: 'ORA_RELEASED',
    materialChild: 'WorkOrderMaterial',
    materialIdField: 'WorkOrderOperationMaterialId',
    materialItemField: 'ItemNumber',
    materialQuantityField: 'RequiredQuantity',
    materialUomField: 'UOMCode',
    materialSubinventoryField: 'SupplySubinventory',
    materialOperationField: 'OperationSequenceNumber',
    operationChild: 'WorkOrderOperation',
    operationSequenceField: 'OperationSequenceNumber',
    operationWorkCenterField: 'WorkCenterCode',
  },
  materialTransactions: {
    resource: 'materialTransactions',
    detailChild: 'MaterialTransactionDetail',
    types: { GOODS_ISSUE: 'MATERIAL_ISSUE', GOODS_ISSUE_REVERSAL: 'MATERIAL_RETURN', GOODS_RECEIPT: 'PRODUCT_COMPLETION' },
    referenceField: 'SourceHeaderReference',
    lineReferenceField: 'SourceLineReference',
    defaultOperationSequence: 10,
  },
  stagedTransactions: {
    resource: 'inventoryStagedTransactions',
    types: { SCRAP: 'Scrap', MISC_ISSUE: 'Miscellaneous Issue', MISC_RECEIPT: 'Miscellaneous Receipt' },
    referenceField: 'TransactionReference',
    sourceCode: 'INTERLOCK',
    transactionMode: '1',
    accountTemplate: '{costCenter}',
  },
  completedTransactions: {
    resource: 'inventoryCompletedTransactions',
    idField: 'TransactionId',
    referenceFields: ['TransactionReference', 'SourceHeaderReference'],
  },
  operationTransactions: {
    resource: 'operationTransactions',
    detailChild: 'OperationTransactionDetail',
    transactionType: 'OPERATION_COMPLETION',
    referenceField: 'SourceHeaderReference',
  },
  erpIntegrations: {
    resource: 'erpintegrations',
    documentAccount: 'fin$/generalLedger$/import$',
    jobName: '/oracle/apps/ess/financials/generalLedger/programs/common,JournalImportLauncher',
    parameterList: '{dataAccessSetId},{source},{ledgerId},{groupId},N,N,N',
    pollIntervalMs: 2000,
    pollTimeoutMs: 120_000,
  },
  journals: {
    ledgerId: '300000046975971',
    dataAccessSetId: '300000046975980',
    source: 'Interlock',
    category: 'Adjustment',
    segmentSeparator: '.',
    costCenterSegment: 0,
    readBackResource: 'journalBatches',
    batchNameField: 'BatchName',
    batchIdField: 'JeBatchId',
  },
  qualityIssues: {
    resource: 'qualityIssues',
    numberField: 'IssueNumber',
    referenceField: 'ExternalReference',
    fields: { name: 'Name', description: 'Description', item: 'ItemNumber', organization: 'OrganizationCode', workOrder: 'WorkOrderNumber', defectCode: 'DefectCode', quantity: 'Quantity', uom: 'UOMCode' },
  },
  boms: {
    resource: 'itemStructures',
    itemField: 'ItemNumber',
    organizationField: 'OrganizationCode',
    structureNameField: 'StructureName',
    primaryStructureName: 'Primary',
    componentChild: 'Component',
    componentItemField: 'ComponentItemNumber',
    componentSequenceField: 'ItemSequenceNumber',
    componentQuantityField: 'Quantity',
    componentUomField: 'PrimaryUOMCode',
    substituteChild: 'SubstituteComponent',
    substituteItemField: 'SubstituteComponentItemNumber',
    substituteQuantityField: 'Quantity',
    substitutePriorityField: 'Priority',
  },
  onhand: {
    resource: 'inventoryOnhandBalances',
    itemField: 'ItemNumber',
    organizationField: 'OrganizationCode',
    subinventoryField: 'SubinventoryCode',
    lotField: 'LotNumber',
    quantityField: 'OnhandQuantity',
    uomField: 'PrimaryUOMCode',
  },
};

/** Deep-merges a partial configuration over the defaults (one level of nesting, as the shape has). */
export function oracleConfig(overrides: DeepPartial<OracleResourceConfig> = {}): OracleResourceConfig {
  const merged = { ...DEFAULT_ORACLE_CONFIG } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const base = (DEFAULT_ORACLE_CONFIG as unknown as Record<string, unknown>)[key];
    merged[key] = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof base === 'object' && base !== null ? { ...base, ...value } : value;
  }
  return merged as unknown as OracleResourceConfig;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };
