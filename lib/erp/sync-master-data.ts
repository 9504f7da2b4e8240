import 'server-only';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, canSeeScope, type Principal } from '@/lib/auth/principal';
import { hasPermission } from '@/lib/auth/permissions';
import type { ErpBom, ErpConnector, ErpStock } from '@/lib/erp/connector';
import { resolveSiteConnector } from '@/lib/erp/get-site-connector';
import { createLogger } from '@/lib/log';

const log = createLogger('erp-master-data');
const SYSTEM_ACTOR = { actorType: 'SYSTEM' as const, actorName: 'ERP master-data sync' };
// Thousands of rows go through one transaction: give it room, it holds no lock anyone waits on for long.
const TRANSACTION_TIMEOUT_MS = 120_000;

export interface MasterDataSyncResult {
  siteId: string;
  system: 'SAP' | 'ORACLE';
  materials: { created: number; updated: number };
  boms: { created: number; updated: number; removed: number; items: number; alternates: number };
  stock: { upserted: number; zeroed: number; keptNewerScan: number };
  /** Only these header materials and stock materials were synced; null for a full sync. */
  scope: string[] | null;
  durationMs: number;
}

export interface SyncMasterDataOptions {
  siteId: string;
  /** The person who asked for it (checked for erp.sync and the site scope); the worker passes none. */
  principal?: Principal;
  /** Sync only these materials (their BOMs and stock); everything when left out. */
  materials?: string[];
  /** A connector to use instead of the site's configured one (tests, one-off scripts). */
  connector?: ErpConnector;
  now?: Date;
}

/** Unrestricted stock per material, storage location and batch: what the floor can use. */
function usableStock(rows: ErpStock[]): Map<string, ErpStock> {
  const sums = new Map<string, ErpStock>();
  for (const row of rows) {
    if (row.stockType !== 'UNRESTRICTED') continue;
    const key = `${row.material}|${row.storageLocation}|${row.batch}`;
    const existing = sums.get(key);
    if (existing) existing.quantity += row.quantity;
    else sums.set(key, { ...row });
  }
  return sums;
}

/** What the ERP says about each material it mentions: a description and a unit where it gives them. */
function materialFacts(boms: ErpBom[], stock: ErpStock[]): Map<string, { description?: string; uom?: string }> {
  const facts = new Map<string, { description?: string; uom?: string }>();
  const note = (code: string, description?: string, uom?: string) => {
    const f = facts.get(code) ?? {};
    if (description && !f.description) f.description = description;
    if (uom && !f.uom) f.uom = uom;
    facts.set(code, f);
  };
  for (const bom of boms) {
    note(bom.material, bom.description, bom.baseUom);
    for (const item of bom.items) {
      note(item.component, item.description, item.uom);
      for (const alt of item.alternates) note(alt.material, alt.description, alt.uom);
    }
  }
  for (const row of stock) note(row.material, undefined, row.uom);
  return facts;
}

async function syncMaterials(tx: Tx, siteId: string, facts: Map<string, { description?: string; uom?: string }>, result: MasterDataSyncResult): Promise<Map<string, string>> {
  const existing = await tx.material.findMany({ where: { siteId, code: { in: [...facts.keys()] } } });
  const ids = new Map(existing.map((m) => [m.code, m.id]));
  for (const [code, fact] of facts) {
    const current = existing.find((m) => m.code === code);
    if (!current) {
      const created = await tx.material.create({ data: { siteId, code, description: fact.description ?? code, uom: fact.uom || 'EA' } });
      ids.set(code, created.id);
      result.materials.created += 1;
      continue;
    }
    // Only what the ERP states replaces what we hold; a missing description is not an empty one.
    const data: { description?: string; uom?: string } = {};
    if (fact.description && fact.description !== current.description) data.description = fact.description;
    if (fact.uom && fact.uom !== current.uom) data.uom = fact.uom;
    if (Object.keys(data).length > 0) {
      await tx.material.update({ where: { id: current.id }, data });
      result.materials.updated += 1;
    }
  }
  return ids;
}

async function syncBoms(tx: Tx, siteId: string, boms: ErpBom[], ids: Map<string, string>, fullSync: boolean, result: MasterDataSyncResult): Promise<void> {
  const seen = new Set<string>();
  for (const bom of boms) {
    const materialId = ids.get(bom.material) as string;
    const existing = await tx.bom.findUnique({ where: { materialId_alternative: { materialId, alternative: bom.alternative } }, include: { items: { include: { alternates: true } } } });
    let changed = false;
    const row = existing ?? (await tx.bom.create({ data: { materialId, alternative: bom.alternative, baseQuantity: bom.baseQuantity } }));
    if (!existing) result.boms.created += 1;
    else if (existing.baseQuantity !== bom.baseQuantity) {
      await tx.bom.update({ where: { id: row.id }, data: { baseQuantity: bom.baseQuantity } });
      changed = true;
    }
    seen.add(row.id);
    const items = existing?.items ?? [];
    const keepItems = new Set(bom.items.map((i) => i.itemNo));
    const gone = items.filter((i) => !keepItems.has(i.itemNo));
    if (gone.length > 0) {
      await tx.bomItem.deleteMany({ where: { id: { in: gone.map((i) => i.id) } } });
      changed = true;
    }
    for (const item of bom.items) {
      const componentId = ids.get(item.component) as string;
      const current = items.find((i) => i.itemNo === item.itemNo);
      let itemId: string;
      if (!current) {
        itemId = (await tx.bomItem.create({ data: { bomId: row.id, itemNo: item.itemNo, componentId, quantity: item.quantity, uom: item.uom } })).id;
        changed = true;
      } else {
        itemId = current.id;
        if (current.componentId !== componentId || current.quantity !== item.quantity || current.uom !== item.uom) {
          await tx.bomItem.update({ where: { id: current.id }, data: { componentId, quantity: item.quantity, uom: item.uom } });
          changed = true;
        }
      }
      result.boms.items += 1;
      const alternates = current?.alternates ?? [];
      const wanted = new Map(item.alternates.map((a) => [ids.get(a.material) as string, a]));
      const staleAlternates = alternates.filter((a) => !wanted.has(a.materialId));
      if (staleAlternates.length > 0) {
        await tx.bomItemAlternate.deleteMany({ where: { id: { in: staleAlternates.map((a) => a.id) } } });
        changed = true;
      }
      for (const [materialIdOfAlternate, alt] of wanted) {
        const have = alternates.find((a) => a.materialId === materialIdOfAlternate);
        if (!have) {
          await tx.bomItemAlternate.create({ data: { bomItemId: itemId, materialId: materialIdOfAlternate, priority: alt.priority, ratio: alt.ratio } });
          changed = true;
        } else if (have.priority !== alt.priority || Math.abs(have.ratio - alt.ratio) > 1e-9) {
          await tx.bomItemAlternate.update({ where: { id: have.id }, data: { priority: alt.priority, ratio: alt.ratio } });
          changed = true;
        }
        result.boms.alternates += 1;
      }
    }
    if (existing && changed) result.boms.updated += 1;
  }
  if (fullSync) {
    // A BOM the ERP no longer has is gone: its items and alternates go with it (cascade).
    const removed = await tx.bom.deleteMany({ where: { material: { siteId }, id: { notIn: [...seen] } } });
    result.boms.removed = removed.count;
  }
}

async function syncStock(tx: Tx, siteId: string, stock: Map<string, ErpStock>, ids: Map<string, string>, materials: string[] | null, at: Date, result: MasterDataSyncResult): Promise<void> {
  const seenKeys = new Set<string>();
  for (const row of stock.values()) {
    const materialId = ids.get(row.material) as string;
    const key = { siteId, materialId, location: row.storageLocation, batch: row.batch };
    seenKeys.add(`${materialId}|${row.storageLocation}|${row.batch}`);
    const existing = await tx.stockLevel.findUnique({ where: { siteId_materialId_location_batch: key } });
    // A count on the floor after this sync began is newer than the ERP's figure.
    if (existing && existing.eventTs > at) {
      result.stock.keptNewerScan += 1;
      continue;
    }
    if (existing && existing.quantity === row.quantity && existing.uom === row.uom) continue;
    await tx.stockLevel.upsert({
      where: { siteId_materialId_location_batch: key },
      create: { ...key, quantity: row.quantity, uom: row.uom || 'EA', eventTs: at },
      update: { quantity: row.quantity, uom: row.uom || 'EA', eventTs: at },
    });
    result.stock.upserted += 1;
  }
  // Storage locations the ERP no longer lists hold nothing (SAP and Oracle leave empty ones out).
  // Line-side stock is the floor's, never the ERP's.
  const candidates = await tx.stockLevel.findMany({
    where: {
      siteId,
      NOT: { location: { startsWith: 'LINESIDE:' } },
      quantity: { not: 0 },
      eventTs: { lte: at },
      ...(materials ? { material: { code: { in: materials } } } : {}),
    },
  });
  const stale = candidates.filter((s) => !seenKeys.has(`${s.materialId}|${s.location}|${s.batch}`));
  if (stale.length > 0) {
    await tx.stockLevel.updateMany({ where: { id: { in: stale.map((s) => s.id) } }, data: { quantity: 0, eventTs: at } });
    result.stock.zeroed = stale.length;
  }
}

/**
 * Mirrors the ERP's materials, BOMs (every alternative, with item alternates)
 * and usable storage stock into the database for one site. Idempotent: a
 * second run with unchanged ERP data changes nothing. The ERP is read first,
 * outside the transaction; the writes and the one audit event of the run
 * (with its counts) commit together.
 */
export async function syncMasterData(options: SyncMasterDataOptions): Promise<MasterDataSyncResult> {
  const started = Date.now();
  const { siteId, principal } = options;
  const site = await db.site.findUnique({ where: { id: siteId } });
  if (principal) {
    if (!site || !canSeeScope(principal, siteId)) throw new AppError('NOT_FOUND', `Site ${siteId} not found`);
    if (!hasPermission(principal.role, 'erp.sync')) throw new AppError('FORBIDDEN', 'You may not sync ERP master data');
  } else if (!site) {
    throw new AppError('NOT_FOUND', `Site ${siteId} not found`);
  }
  const connector = options.connector ?? (await resolveSiteConnector(siteId));
  const scope = options.materials ? [...new Set(options.materials)] : null;
  const [boms, stockRows] = await Promise.all([connector.findBoms(siteId, scope ?? undefined), connector.findStock(siteId, scope ?? undefined)]);
  const stock = usableStock(stockRows);
  const at = options.now ?? new Date();
  const result: MasterDataSyncResult = {
    siteId,
    system: connector.system,
    materials: { created: 0, updated: 0 },
    boms: { created: 0, updated: 0, removed: 0, items: 0, alternates: 0 },
    stock: { upserted: 0, zeroed: 0, keptNewerScan: 0 },
    scope,
    durationMs: 0,
  };
  await db.$transaction(
    async (tx) => {
      const ids = await syncMaterials(tx, siteId, materialFacts(boms, [...stock.values()]), result);
      await syncBoms(tx, siteId, boms, ids, scope === null, result);
      await syncStock(tx, siteId, stock, ids, scope, at, result);
      await recordAuditEvent(tx, {
        actor: principal ? actorOf(principal) : SYSTEM_ACTOR,
        action: 'master_data.synced',
        entityType: 'Site',
        entityId: siteId,
        siteId,
        data: { system: result.system, scope, materials: result.materials, boms: result.boms, stock: result.stock, erpBoms: boms.length, erpStockRows: stockRows.length },
      });
    },
    { timeout: TRANSACTION_TIMEOUT_MS },
  );
  result.durationMs = Date.now() - started;
  log.info('master data synced', { siteId, system: result.system, materials: result.materials.created + result.materials.updated, boms: result.boms.created + result.boms.updated, stock: result.stock.upserted, ms: result.durationMs });
  return result;
}

/** For the worker's schedule: every site, one after another; a failing site does not stop the others. */
export async function syncMasterDataForAllSites(): Promise<{ siteId: string; result?: MasterDataSyncResult; error?: string }[]> {
  const sites = await db.site.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  const outcomes: { siteId: string; result?: MasterDataSyncResult; error?: string }[] = [];
  for (const { id } of sites) {
    try {
      outcomes.push({ siteId: id, result: await syncMasterData({ siteId: id }) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn('master data sync failed', { siteId: id, error: message });
      outcomes.push({ siteId: id, error: message });
    }
  }
  return outcomes;
}
