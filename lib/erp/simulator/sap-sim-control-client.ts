// A typed client for the simulator's /_sim control API, for tests and demo
// scripts. It talks to the simulator only (loopback), never to a real system.
import type { CreateOrderRequest, SetStockRequest, SimRequestLogEntry, UpsertBomRequest } from './sap-sim-control';
import type { FaultRequest, FaultSnapshot } from './sap-sim-faults';
import type { DocumentStats, SimBom, SimConfirmation, SimJournalEntry, SimMaterialDocument, SimQualityNotification, SimStockRow } from './sap-sim-ledger';
import type { SimOrder, SimStats } from './sap-sim-state';
import { SimControlClient } from './sim-control-client';

export type SimOrderView = SimOrder & { locked: boolean; etag: string };
export type SimStatsView = SimStats & { orders: number; csrfSessions: number; oauthTokensIssued: number; documents: DocumentStats };
export interface SimDocumentsView {
  materialDocuments: SimMaterialDocument[];
  confirmations: SimConfirmation[];
  journalEntries: SimJournalEntry[];
  qualityNotifications: SimQualityNotification[];
}

export class SapSimControlClient extends SimControlClient {
  constructor(baseUrl: string) {
    super(baseUrl, 'simulator');
  }

  createOrder(order: CreateOrderRequest): Promise<SimOrderView> {
    return this.call('POST', '/_sim/orders', order);
  }

  getOrder(id: string): Promise<SimOrderView> {
    return this.call('GET', `/_sim/orders/${encodeURIComponent(id)}`);
  }

  listOrders(): Promise<SimOrderView[]> {
    return this.call('GET', '/_sim/orders');
  }

  setFaults(faults: FaultRequest): Promise<FaultSnapshot> {
    return this.call('POST', '/_sim/faults', faults);
  }

  stats(): Promise<SimStatsView> {
    return this.call('GET', '/_sim/stats');
  }

  resetStats(): Promise<SimStats> {
    return this.call('POST', '/_sim/stats/reset');
  }

  requests(): Promise<SimRequestLogEntry[]> {
    return this.call('GET', '/_sim/requests');
  }

  setStock(row: SetStockRequest): Promise<SimStockRow> {
    return this.call('POST', '/_sim/stock', row);
  }

  stock(): Promise<SimStockRow[]> {
    return this.call('GET', '/_sim/stock');
  }

  upsertBom(bom: UpsertBomRequest): Promise<SimBom> {
    return this.call('POST', '/_sim/boms', bom);
  }

  documents(): Promise<SimDocumentsView> {
    return this.call('GET', '/_sim/documents');
  }
}
