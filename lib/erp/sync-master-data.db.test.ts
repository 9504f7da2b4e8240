import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { clearSiteConnectors, resolveSiteConnector } from '@/lib/erp/get-site-connector';
import { createOracleConnector } from '@/lib/erp/oracle/oracle-connector';
import { SapSimControlClient } from '@/lib/erp/simulator/sap-sim-control-client';
import { startSapSimulator, type SapSimulator } from '@/lib/erp/simulator/sap-simulator';
import { OracleSimControlClient } from '@/lib/erp/simulator/oracle-sim-control-client';
import { startOracleSimulator, type OracleSimulator } from '@/lib/erp/simulator/oracle-simulator';
import { principalFor, setupPlant } from '@/lib/testing/fixtures';
import { syncMasterData, syncMasterDataForAllSites } from './sync-master-data';

let sap: SapSimulator;
let oracle: OracleSimulator;
let sapControl: SapSimControlClient;

beforeAll(async () => {
  sap = await startSapSimulator({ port: 0 });
  oracle = await startOracleSimulator({ port: 0 });
  sapControl = new SapSimControlClient(sap.url);
  process.env.SAP_BASE_URL = sap.url;
  process.env.ORACLE_BASE_URL = oracle.url;
  resetEnvCache();
  clearSiteConnectors();
});
afterAll(async () => {
  await sap.close();
  await oracle.close();
});

async function seedSap() {
  await sapControl.reset();
  await sapControl.upsertBom({
    material: 'VALVE-ASSY-55',
    description: 'Valve assembly 55 mm',
    items: [
      { itemNo: '10', component: 'VLV-55', quantity: 1 },
      { itemNo: '20', component: 'SEAL-KIT-2', quantity: 1, alternates: [{ material: 'SEAL-KIT-2V', quantity: 1 }] },
      { itemNo: '30', component: 'BOLT-M8', quantity: 4 },
      { itemNo: '40', component: 'NEW-CLIP-9', quantity: 2, description: 'Retaining clip' },
    ],
  });
  await sapControl.setStock({ material: 'VLV-55', storageLocation: '171A', quantity: 3210 });
  await sapControl.setStock({ material: 'NEW-CLIP-9', storageLocation: '171B', quantity: 80, unit: 'PC' });
}

const auditCount = () => db.auditEvent.count({ where: { action: 'master_data.synced' } });

describe('syncMasterData', () => {
  beforeEach(async () => {
    await setupPlant();
    await seedSap();
  });

  it('mirrors materials, BOMs with alternates and storage stock, with one audit event for the run', async () => {
    const result = await syncMasterData({ siteId: '1710' });
    expect(result).toMatchObject({ siteId: '1710', system: 'SAP', scope: null, materials: { created: 1 }, boms: { created: 0, updated: 1, items: 4, alternates: 1 } });
    const clip = await db.material.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: 'NEW-CLIP-9' } } });
    expect(clip).toMatchObject({ description: 'Retaining clip', uom: 'EA' });
    const bom = await db.bom.findFirstOrThrow({ where: { material: { code: 'VALVE-ASSY-55' } }, include: { items: { include: { component: true, alternates: { include: { material: true } } }, orderBy: { itemNo: 'asc' } } } });
    expect(bom.items.map((i) => [i.itemNo, i.component.code, i.quantity, i.alternates.map((a) => [a.material.code, a.priority, a.ratio])])).toEqual([
      ['0010', 'VLV-55', 1, []],
      ['0020', 'SEAL-KIT-2', 1, [['SEAL-KIT-2V', 1, 1]]],
      ['0030', 'BOLT-M8', 4, []],
      ['0040', 'NEW-CLIP-9', 2, []],
    ]);
    // The demo's other BOMs are not in this ERP: a full sync removes them.
    expect(result.boms.removed).toBe(2);
    const vlv = await db.stockLevel.findFirstOrThrow({ where: { material: { code: 'VLV-55' }, location: '171A' } });
    expect(vlv.quantity).toBe(3210);
    // Storage stock the ERP no longer lists is zero; line-side stock is the floor's and stays.
    expect((await db.stockLevel.findFirstOrThrow({ where: { material: { code: 'BOLT-M8' }, location: '171A' } })).quantity).toBe(0);
    expect((await db.stockLevel.findFirstOrThrow({ where: { material: { code: 'VLV-55' }, location: 'LINESIDE:L1' } })).quantity).toBe(900);
    const [event] = await db.auditEvent.findMany({ where: { action: 'master_data.synced' } });
    expect(event).toMatchObject({ entityType: 'Site', entityId: '1710', actorType: 'SYSTEM' });
    expect(event.data).toMatchObject({ system: 'SAP', erpBoms: 1, materials: { created: 1 } });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('is idempotent: a second run changes nothing and records its own (empty) counts', async () => {
    await syncMasterData({ siteId: '1710' });
    const rows = async () => ({ materials: await db.material.count(), items: await db.bomItem.count(), alternates: await db.bomItemAlternate.count(), stock: await db.stockLevel.findMany({ orderBy: { id: 'asc' } }) });
    const before = await rows();
    const second = await syncMasterData({ siteId: '1710' });
    expect(second).toMatchObject({ materials: { created: 0, updated: 0 }, boms: { created: 0, updated: 0, removed: 0 }, stock: { upserted: 0, zeroed: 0 } });
    expect(await rows()).toEqual(before);
    expect(await auditCount()).toBe(2);
  });

  it('follows ERP changes: a changed quantity, a removed alternate, moved stock', async () => {
    await syncMasterData({ siteId: '1710' });
    await sapControl.upsertBom({ material: 'VALVE-ASSY-55', items: [{ itemNo: '10', component: 'VLV-55', quantity: 2 }, { itemNo: '20', component: 'SEAL-KIT-2', quantity: 1 }] });
    await sapControl.setStock({ material: 'VLV-55', storageLocation: '171A', quantity: 10 });
    const result = await syncMasterData({ siteId: '1710' });
    expect(result.boms.updated).toBe(1);
    const items = await db.bomItem.findMany({ where: { bom: { material: { code: 'VALVE-ASSY-55' } } }, include: { alternates: true }, orderBy: { itemNo: 'asc' } });
    expect(items.map((i) => [i.itemNo, i.quantity, i.alternates.length])).toEqual([
      ['0010', 2, 0],
      ['0020', 1, 0],
    ]);
    expect((await db.stockLevel.findFirstOrThrow({ where: { material: { code: 'VLV-55' }, location: '171A' } })).quantity).toBe(10);
  });

  it('keeps a floor count newer than the sync', async () => {
    const material = await db.material.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: 'VLV-55' } } });
    const future = new Date(Date.now() + 60_000);
    await db.stockLevel.update({ where: { siteId_materialId_location_batch: { siteId: '1710', materialId: material.id, location: '171A', batch: '' } }, data: { quantity: 1234, eventTs: future } });
    const result = await syncMasterData({ siteId: '1710' });
    expect(result.stock.keptNewerScan).toBe(1);
    expect((await db.stockLevel.findFirstOrThrow({ where: { materialId: material.id, location: '171A' } })).quantity).toBe(1234);
  });

  it('syncs only the named materials when asked, and leaves other BOMs alone', async () => {
    const result = await syncMasterData({ siteId: '1710', materials: ['VALVE-ASSY-55', 'VLV-55'] });
    expect(result.scope).toEqual(['VALVE-ASSY-55', 'VLV-55']);
    expect(result.boms.removed).toBe(0);
    expect(await db.bom.count()).toBe(3);
    expect((await db.stockLevel.findFirstOrThrow({ where: { material: { code: 'BOLT-M8' }, location: '171A' } })).quantity).toBe(60000);
  });

  it('checks the person: erp.sync and the site scope; writes nothing when refused', async () => {
    const viewer = await principalFor('VIEWER');
    await expect(syncMasterData({ siteId: '1710', principal: viewer })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await principalFor('ADMIN');
    await expect(syncMasterData({ siteId: '9999', principal: admin })).rejects.toBeInstanceOf(AppError);
    await expect(syncMasterData({ siteId: '1710', principal: { ...admin, scopes: [] } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await auditCount()).toBe(0);
    const done = await syncMasterData({ siteId: '1710', principal: admin });
    expect(done.materials.created).toBe(1);
    expect((await db.auditEvent.findFirstOrThrow({ where: { action: 'master_data.synced' } })).actorType).toBe('USER');
  });

  it('writes nothing when the ERP cannot be read', async () => {
    await sapControl.setFaults({ failNext: { count: 2, status: 503 } });
    await expect(syncMasterData({ siteId: '1710' })).rejects.toMatchObject({ kind: 'TRANSIENT' });
    expect(await auditCount()).toBe(0);
    await sapControl.clearFaults();
  });
});

describe('site connectors by Site.erpSystem', () => {
  beforeEach(async () => {
    await setupPlant();
    clearSiteConnectors();
  });

  it('resolves SAP and Oracle sites to their adapters and refuses an unknown site', async () => {
    await db.site.create({ data: { id: 'M1', name: 'Oracle plant', erpSystem: 'ORACLE' } });
    expect((await resolveSiteConnector('1710')).system).toBe('SAP');
    expect((await resolveSiteConnector('M1')).system).toBe('ORACLE');
    await expect(resolveSiteConnector('NOPE')).rejects.toMatchObject({ kind: 'NOT_FOUND' });
  });

  it('syncs an Oracle site through the Oracle adapter, and every site on the schedule', async () => {
    await db.site.create({ data: { id: 'M1', name: 'Oracle plant', erpSystem: 'ORACLE' } });
    const control = new OracleSimControlClient(oracle.url);
    await control.reset();
    await control.upsertStructure({ item: 'PUMP-9', organization: 'M1', components: [{ seq: 10, item: 'IMP-9', quantity: 1, substitutes: [{ item: 'IMP-9B', quantity: 1, priority: 1 }] }] });
    await control.setOnhand({ organization: 'M1', item: 'IMP-9', subinventory: 'Stores', quantity: 12 });
    await seedSap();
    const outcomes = await syncMasterDataForAllSites();
    expect(outcomes.map((o) => [o.siteId, o.result?.system, o.error])).toEqual([
      ['1710', 'SAP', undefined],
      ['M1', 'ORACLE', undefined],
    ]);
    expect(await db.material.count({ where: { siteId: 'M1' } })).toBe(3);
    expect((await db.stockLevel.findFirstOrThrow({ where: { siteId: 'M1', material: { code: 'IMP-9' } } })).location).toBe('Stores');
    // A connector passed in is used as is.
    const direct = await syncMasterData({ siteId: 'M1', connector: createOracleConnector({ baseUrl: oracle.url, auth: { kind: 'basic', user: 'INTERLOCK', password: 'interlock-demo' } }) });
    expect(direct.materials.created).toBe(0);
  });
});
