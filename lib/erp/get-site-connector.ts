import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { ErpError, type ErpConnector } from '@/lib/erp/connector';
import { createErpConnector } from '@/lib/erp/create-erp-connector';
import { erpConfigFromEnv } from '@/lib/erp/erp-config-from-env';

type System = 'SAP' | 'ORACLE';

// One connector per system and base URL: its concurrency cap, CSRF tokens
// and OAuth token are shared by every site on that system.
const connectors = new Map<string, ErpConnector>();
// Site → system, re-read after a minute so a changed Site.erpSystem takes effect without a restart.
const SITE_TTL_MS = 60_000;
const siteSystems = new Map<string, { system: System; at: number }>();

function connectorFor(system: System): ErpConnector {
  const env = getEnv();
  const config = erpConfigFromEnv(system, env);
  const key = `${system}:${config.baseUrl}`;
  let connector = connectors.get(key);
  if (!connector) {
    connector = createErpConnector(config);
    connectors.set(key, connector);
  }
  return connector;
}

async function systemOf(siteId: string): Promise<System> {
  const cached = siteSystems.get(siteId);
  if (cached && Date.now() - cached.at < SITE_TTL_MS) return cached.system;
  const site = await db.site.findUnique({ where: { id: siteId }, select: { erpSystem: true } });
  if (!site) throw new ErpError('NOT_FOUND', `Site ${siteId} does not exist, so no ERP system is configured for it`);
  siteSystems.set(siteId, { system: site.erpSystem, at: Date.now() });
  return site.erpSystem;
}

/** The connector of the ERP system the site runs on (Site.erpSystem), configured from the environment. */
export async function resolveSiteConnector(siteId: string): Promise<ErpConnector> {
  return connectorFor(await systemOf(siteId));
}

/**
 * The connector for a site, without waiting: every call first resolves the
 * site's system (cached), then goes to that system's adapter. `system` is
 * known once a call has resolved it; callers that need it up front use
 * resolveSiteConnector.
 */
export function getSiteConnector(siteId: string): ErpConnector {
  const via = async () => resolveSiteConnector(siteId);
  return {
    get system(): System {
      const cached = siteSystems.get(siteId);
      if (!cached) throw new Error(`The ERP system of site ${siteId} is not resolved yet; use resolveSiteConnector`);
      return cached.system;
    },
    findUnreleasedOrders: async (site) => (await via()).findUnreleasedOrders(site),
    getOrder: async (site, id) => (await via()).getOrder(site, id),
    releaseOrder: async (site, id) => (await via()).releaseOrder(site, id),
    findBoms: async (site, materials) => (await via()).findBoms(site, materials),
    findStock: async (site, materials) => (await via()).findStock(site, materials),
    changeOrderComponents: async (site, request, reference) => (await via()).changeOrderComponents(site, request, reference),
    changeOrderDates: async (site, request, reference) => (await via()).changeOrderDates(site, request, reference),
    postGoodsMovement: async (site, request, reference) => (await via()).postGoodsMovement(site, request, reference),
    cancelDocument: async (site, document, reference) => (await via()).cancelDocument(site, document, reference),
    postConfirmation: async (site, request, reference) => (await via()).postConfirmation(site, request, reference),
    createQualityNotification: async (site, request, reference) => (await via()).createQualityNotification(site, request, reference),
    postJournalEntry: async (site, request, reference) => (await via()).postJournalEntry(site, request, reference),
    findDocumentByReference: async (site, reference, type) => (await via()).findDocumentByReference(site, reference, type),
  };
}

/** Forgets cached connectors and site systems (tests that move a site between systems or change the environment). */
export function clearSiteConnectors(): void {
  connectors.clear();
  siteSystems.clear();
}
