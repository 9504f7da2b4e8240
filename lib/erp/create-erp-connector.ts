// The one place that picks an ERP adapter. Callers hold an ErpConnector and
// never learn which vendor sits behind it.
import type { ErpConnector } from './connector';
import type { ErpAuthConfig } from './http/erp-auth';
import { createOracleConnector } from './oracle/oracle-connector';
import type { DeepPartial, OracleResourceConfig } from './oracle/oracle-config';
import { createSapConnector } from './sap/sap-connector';

export interface SapErpConfig {
  system: 'SAP';
  /** Origin of the SAP system, e.g. http://127.0.0.1:4010 for the simulator. */
  baseUrl: string;
  user: string;
  password: string;
  /** OAuth2 client credentials instead of Basic with user/password. */
  auth?: ErpAuthConfig;
  /** SAP client, three digits, e.g. "100". */
  client: string;
  timeoutMs?: number;
  maxConcurrent?: number;
  /** Company code for journal entries that name none; default: the site id. */
  companyCode?: string;
  readBackSettleMs?: number;
}

export interface OracleErpConfig {
  system: 'ORACLE';
  /** Origin of the Fusion pod, e.g. https://abcd.fa.us2.oraclecloud.com (or the simulator). */
  baseUrl: string;
  user: string;
  password: string;
  /** A bearer token or OAuth2 client credentials instead of Basic with user/password. */
  auth?: ErpAuthConfig;
  timeoutMs?: number;
  maxConcurrent?: number;
  /** Resource names, type codes, ESS job and ledger settings [verify per pod]. */
  oracle?: DeepPartial<OracleResourceConfig>;
  readBackSettleMs?: number;
}

export type ErpConfig = SapErpConfig | OracleErpConfig;

export function createErpConnector(config: ErpConfig): ErpConnector {
  switch (config.system) {
    case 'SAP':
      return createSapConnector({
        baseUrl: config.baseUrl,
        user: config.user,
        password: config.password,
        auth: config.auth,
        client: config.client,
        timeoutMs: config.timeoutMs,
        maxConcurrent: config.maxConcurrent,
        companyCode: config.companyCode,
        readBackSettleMs: config.readBackSettleMs,
      });
    case 'ORACLE':
      return createOracleConnector({
        baseUrl: config.baseUrl,
        auth: config.auth ?? { kind: 'basic', user: config.user, password: config.password },
        timeoutMs: config.timeoutMs,
        maxConcurrent: config.maxConcurrent,
        config: config.oracle,
        readBackSettleMs: config.readBackSettleMs,
      });
    default: {
      const unknown: never = config;
      throw new Error(`Unknown ERP system: ${JSON.stringify((unknown as { system?: unknown }).system)}`);
    }
  }
}
