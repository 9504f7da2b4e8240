import 'server-only';
import { getEnv } from '@/lib/env';
import type { ErpConnector } from '@/lib/erp/connector';
import { createErpConnector } from '@/lib/erp/create-erp-connector';

const cache = new Map<string, ErpConnector>();

/**
 * The connector for a site. Every site talks to the one configured SAP system
 * for now; per-site systems (and Oracle) come with the connectors issue.
 */
export function getSiteConnector(_siteId: string): ErpConnector {
  const env = getEnv();
  const key = `SAP:${env.SAP_BASE_URL}`;
  let connector = cache.get(key);
  if (!connector) {
    connector = createErpConnector({
      system: 'SAP',
      baseUrl: env.SAP_BASE_URL,
      user: env.SAP_USER,
      password: env.SAP_PASSWORD,
      client: env.SAP_CLIENT,
      timeoutMs: env.SAP_TIMEOUT_MS,
    });
    cache.set(key, connector);
  }
  return connector;
}
