// The one place that picks an ERP adapter. Callers hold an ErpConnector and
// never learn which vendor sits behind it.
import type { ErpConnector } from './connector';
import { createSapConnector } from './sap/sap-connector';

export interface SapErpConfig {
  system: 'SAP';
  /** Origin of the SAP system, e.g. http://127.0.0.1:4010 for the simulator. */
  baseUrl: string;
  user: string;
  password: string;
  /** SAP client, three digits, e.g. "100". */
  client: string;
  timeoutMs?: number;
  maxConcurrent?: number;
}

export interface OracleErpConfig {
  system: 'ORACLE';
  baseUrl: string;
  user: string;
  password: string;
  timeoutMs?: number;
  maxConcurrent?: number;
}

export type ErpConfig = SapErpConfig | OracleErpConfig;

export function createErpConnector(config: ErpConfig): ErpConnector {
  switch (config.system) {
    case 'SAP':
      return createSapConnector({
        baseUrl: config.baseUrl,
        user: config.user,
        password: config.password,
        client: config.client,
        timeoutMs: config.timeoutMs,
        maxConcurrent: config.maxConcurrent,
      });
    case 'ORACLE':
      throw new Error('The Oracle Fusion connector is not implemented yet; configure system SAP');
    default: {
      const unknown: never = config;
      throw new Error(`Unknown ERP system: ${JSON.stringify((unknown as { system?: unknown }).system)}`);
    }
  }
}
