// Seed factories shared by the demo seed and the database tests.
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { hashPassword } from '@/lib/auth/password';
import { generateApiKey } from '@/lib/auth/api-key-format';
import { generateSecret, sealSecret, secretContext } from '@/lib/ignition/http/secret-box';
import { DEMO_BOMS, DEMO_LINES, DEMO_MATERIALS, DEMO_OPERATORS, DEMO_SITE, DEMO_STOCK, DEMO_WORK_CENTERS } from '@/prisma/demo-plant';

type Db = PrismaClient;

/** Sites, lines, work centers, materials, BOMs, opening stock, operators on shift, policy. Idempotent. */
export async function seedPlant(db: Db, now = new Date()): Promise<void> {
  await db.site.upsert({ where: { id: DEMO_SITE.id }, create: { ...DEMO_SITE }, update: {} });
  const lines = new Map<string, string>();
  for (const l of DEMO_LINES) {
    const row = await db.line.upsert({ where: { siteId_code: { siteId: DEMO_SITE.id, code: l.code } }, create: { siteId: DEMO_SITE.id, ...l }, update: {} });
    lines.set(l.code, row.id);
  }
  const wcs = new Map<string, string>();
  for (const w of DEMO_WORK_CENTERS) {
    const row = await db.workCenter.upsert({
      where: { siteId_code: { siteId: DEMO_SITE.id, code: w.code } },
      create: { siteId: DEMO_SITE.id, lineId: lines.get(w.line)!, code: w.code, name: w.name, ratePerHour: w.ratePerHour },
      update: {},
    });
    wcs.set(w.code, row.id);
    await db.workCenterState.upsert({
      where: { workCenterId: row.id },
      create: { workCenterId: row.id, state: 'RUNNING', availability: 0.92, performance: 0.9, quality: 0.98, stateTs: now, oeeTs: now },
      update: {},
    });
  }
  const mats = new Map<string, string>();
  for (const m of DEMO_MATERIALS) {
    const row = await db.material.upsert({
      where: { siteId_code: { siteId: DEMO_SITE.id, code: m.code } },
      create: { siteId: DEMO_SITE.id, code: m.code, description: m.description, uom: m.uom, unitCost: m.unitCost },
      update: {},
    });
    mats.set(m.code, row.id);
  }
  for (const b of DEMO_BOMS) {
    const bom = await db.bom.upsert({ where: { materialId_alternative: { materialId: mats.get(b.material)!, alternative: '1' } }, create: { materialId: mats.get(b.material)!, baseQuantity: 1 }, update: {} });
    for (const it of b.items) {
      const item = await db.bomItem.upsert({
        where: { bomId_itemNo: { bomId: bom.id, itemNo: it.itemNo } },
        create: { bomId: bom.id, itemNo: it.itemNo, componentId: mats.get(it.component)!, quantity: it.quantity, uom: it.uom },
        update: {},
      });
      for (const [i, alt] of (it.alternates ?? []).entries()) {
        await db.bomItemAlternate.upsert({
          where: { bomItemId_materialId: { bomItemId: item.id, materialId: mats.get(alt.material)! } },
          create: { bomItemId: item.id, materialId: mats.get(alt.material)!, priority: i + 1, ratio: alt.ratio },
          update: {},
        });
      }
    }
  }
  for (const s of DEMO_STOCK) {
    const key = { siteId: DEMO_SITE.id, materialId: mats.get(s.material)!, location: s.location, batch: '' };
    await db.stockLevel.upsert({ where: { siteId_materialId_location_batch: key }, create: { ...key, quantity: s.quantity, uom: 'EA', eventTs: now }, update: {} });
  }
  for (const o of DEMO_OPERATORS) {
    await db.operatorShift.upsert({
      where: { siteId_operator: { siteId: DEMO_SITE.id, operator: o.operator } },
      create: { siteId: DEMO_SITE.id, operator: o.operator, workCenterId: wcs.get(o.workCenter)!, status: 'ON_SHIFT', skills: o.skills, fromTs: now, eventTs: now },
      update: {},
    });
  }
  await db.policy.upsert({
    where: { type_siteId: { type: 'ORDER_RELEASE', siteId: DEMO_SITE.id } },
    create: { type: 'ORDER_RELEASE', siteId: DEMO_SITE.id, mode: 'SUPERVISED', autoThreshold: 0.9, atRiskThreshold: 0.6 },
    update: {},
  });
}

export const DEMO_PASSWORD = 'interlock';

export const DEMO_USERS = [
  { email: 'supervisor@interlock.local', name: 'Sam Supervisor', role: 'SUPERVISOR' },
  { email: 'accountant@interlock.local', name: 'Alex Accountant', role: 'ACCOUNTANT' },
  { email: 'admin@interlock.local', name: 'Ada Admin', role: 'ADMIN' },
  // A second admin: model promotions need an approver other than the requester.
  { email: 'admin2@interlock.local', name: 'Blake Admin', role: 'ADMIN' },
  { email: 'viewer@interlock.local', name: 'Vic Viewer', role: 'VIEWER' },
] as const;

/** Demo users, each scoped to the demo site. Only the demo seed and tests call this. */
export async function seedDemoUsers(db: Db, password = DEMO_PASSWORD): Promise<void> {
  const hash = await hashPassword(password);
  for (const u of DEMO_USERS) {
    const user = await db.user.upsert({ where: { email: u.email }, create: { ...u, passwordHash: hash }, update: {} });
    const scope = await db.userScope.findFirst({ where: { userId: user.id, siteId: DEMO_SITE.id, lineId: null } });
    if (!scope) await db.userScope.create({ data: { userId: user.id, siteId: DEMO_SITE.id, lineId: null } });
  }
}

/** Creates a gateway API key and returns the full key (shown once, stored hashed). */
export async function createGatewayKey(db: Db, options: { name: string; gateway: string; siteIds: string[] }): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  await db.apiKey.create({ data: { name: options.name, prefix, secretHash, kind: 'GATEWAY', gateway: options.gateway, siteIds: options.siteIds } });
  return key;
}

/** Ignition role → Interlock role for the demo gateway (Ignition's role names are the plant's choice). */
export const DEMO_GATEWAY_ROLE_MAPPING = { Supervisor: 'SUPERVISOR', Accountant: 'ACCOUNTANT', Administrator: 'ADMIN', Operator: 'VIEWER' } as const;

/**
 * Registers a gateway (or updates it) with an event-signing secret and an HS256
 * launch secret, both stored encrypted under `masterSecret` (NEXTAUTH_SECRET).
 * Pass the secrets to keep them (the demo start re-seals the ones in .data);
 * omitted ones are generated. Returns the plain secrets for the gateway's script.
 */
export async function createGatewaySecret(
  db: Db,
  options: { gatewayId: string; siteIds: string[]; masterSecret: string; name?: string; signingSecret?: string; launchSecret?: string; roleMapping?: Record<string, string> },
): Promise<{ signingSecret: string; launchSecret: string }> {
  const signingSecret = options.signingSecret ?? generateSecret();
  const launchSecret = options.launchSecret ?? generateSecret();
  const data = {
    name: options.name ?? `Gateway ${options.gatewayId}`,
    siteIds: options.siteIds,
    signingSecret: sealSecret(signingSecret, options.masterSecret, secretContext(options.gatewayId, 'signing')),
    previousSigningSecret: null,
    previousSecretUntil: null,
    launchAlgorithms: ['HS256'],
    launchSecret: sealSecret(launchSecret, options.masterSecret, secretContext(options.gatewayId, 'launch')),
    roleMapping: options.roleMapping ?? DEMO_GATEWAY_ROLE_MAPPING,
  };
  await db.gateway.upsert({ where: { id: options.gatewayId }, create: { id: options.gatewayId, ...data }, update: data });
  return { signingSecret, launchSecret };
}
