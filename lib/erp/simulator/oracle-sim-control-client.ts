// A typed client for the Oracle simulator's /_sim control API, for tests and
// demo scripts. It talks to the simulator only (loopback), never to a pod.
import type { FaultRequest, FaultSnapshot } from './sap-sim-faults';
import type { CreateWorkOrderRequest, SetOnhandRequest, UpsertStructureRequest } from './oracle-simulator';
import type { OracleDocumentStats, OracleSimEssJob, OracleSimJournalBatch, OracleSimOnhand, OracleSimOperationTransaction, OracleSimQualityIssue, OracleSimStats, OracleSimTransaction, OracleSimWorkOrder } from './oracle-sim-state';
import { SimControlClient } from './sim-control-client';

export type OracleSimStatsView = OracleSimStats & { workOrders: number; oauthTokensIssued: number; documents: OracleDocumentStats };

export interface OracleSimDocumentsView {
  postings: { type: string; reference: string; ids: string[]; at: string }[];
  transactions: OracleSimTransaction[];
  operationTransactions: OracleSimOperationTransaction[];
  qualityIssues: OracleSimQualityIssue[];
  journalBatches: Omit<OracleSimJournalBatch, 'lines'>[];
  essJobs: Omit<OracleSimEssJob, 'rows'>[];
}

export interface OracleSimRequestView {
  at: string;
  method: string;
  target: string;
  status: number;
  ms: number;
  restFrameworkVersion: string | null;
  contentType: string | null;
  ifMatch: string | null;
}

export class OracleSimControlClient extends SimControlClient {
  constructor(baseUrl: string) {
    super(baseUrl, 'Oracle simulator');
  }

  createWorkOrder(order: CreateWorkOrderRequest): Promise<OracleSimWorkOrder & { etag: string }> {
    return this.call('POST', '/_sim/workOrders', order);
  }

  workOrders(): Promise<(OracleSimWorkOrder & { etag: string })[]> {
    return this.call('GET', '/_sim/workOrders');
  }

  setOnhand(row: SetOnhandRequest): Promise<OracleSimOnhand> {
    return this.call('POST', '/_sim/onhand', row);
  }

  onhand(): Promise<OracleSimOnhand[]> {
    return this.call('GET', '/_sim/onhand');
  }

  upsertStructure(structure: UpsertStructureRequest): Promise<unknown> {
    return this.call('POST', '/_sim/structures', structure);
  }

  setFaults(faults: FaultRequest & { essDelayMs?: number }): Promise<FaultSnapshot & { essDelayMs: number }> {
    return this.call('POST', '/_sim/faults', faults);
  }

  stats(): Promise<OracleSimStatsView> {
    return this.call('GET', '/_sim/stats');
  }

  resetStats(): Promise<OracleSimStats> {
    return this.call('POST', '/_sim/stats/reset');
  }

  documents(): Promise<OracleSimDocumentsView> {
    return this.call('GET', '/_sim/documents');
  }

  requests(): Promise<OracleSimRequestView[]> {
    return this.call('GET', '/_sim/requests');
  }
}
