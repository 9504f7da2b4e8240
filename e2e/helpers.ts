// Shared e2e helpers: sign-in per role, the SAP simulator's control API, and
// reading state through the public API (to prove what did or did not change).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { signBatch } from '../lib/ignition/http/sign-batch';
import { expect, request as pwRequest, type APIRequestContext, type Page } from '@playwright/test';

export const BASE_URL = 'http://localhost:3100';
export const ERP_URL = 'http://127.0.0.1:4110';
export const PASSWORD = 'interlock';

export const USERS = {
  supervisor: 'supervisor@interlock.local',
  accountant: 'accountant@interlock.local',
  admin: 'admin@interlock.local',
  admin2: 'admin2@interlock.local',
  viewer: 'viewer@interlock.local',
} as const;
export type RoleName = keyof typeof USERS;

export function gatewayKey(): string {
  return readFileSync('.data/e2e/gateway-key.txt', 'utf8').trim();
}

/** An API context signed in as the user, through next-auth's own credentials flow. */
export async function apiAs(role: RoleName): Promise<APIRequestContext> {
  const ctx = await pwRequest.newContext({ baseURL: BASE_URL });
  const csrf = (await (await ctx.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await ctx.post('/api/auth/callback/credentials', {
    form: { csrfToken: csrf.csrfToken, email: USERS[role], password: PASSWORD, json: 'true' },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const me = await ctx.get('/api/me');
  expect(me.status(), `signed in as ${role}`).toBe(200);
  return ctx;
}

export async function anonymous(): Promise<APIRequestContext> {
  return pwRequest.newContext({ baseURL: BASE_URL });
}

export async function asGateway(): Promise<APIRequestContext> {
  return pwRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${gatewayKey()}` } });
}

let nextOrder = 2_000_000 + Math.floor(Math.random() * 500_000);

/** Creates an unreleased order in the SAP simulator, as a planner would in SAP. */
export async function createErpOrder(over: { material?: string; quantity?: number; dueInHours?: number; workCenter?: string } = {}): Promise<string> {
  const ctx = await pwRequest.newContext();
  const id = String(nextOrder++);
  const material = over.material ?? 'VALVE-ASSY-55';
  const quantity = over.quantity ?? 240;
  const res = await ctx.post(`${ERP_URL}/_sim/orders`, {
    data: {
      id,
      plant: '1710',
      material,
      quantity,
      unit: 'EA',
      workCenter: over.workCenter ?? 'WC-ASSY-05',
      plannedStart: new Date().toISOString(),
      plannedEnd: new Date(Date.now() + (over.dueInHours ?? 36) * 3_600_000).toISOString(),
      components: [
        { material: 'VLV-55', quantity, unit: 'EA', storageLocation: '171A' },
        { material: 'SEAL-KIT-2', quantity, unit: 'EA', storageLocation: '171A' },
        { material: 'BOLT-M8', quantity: quantity * 4, unit: 'EA', storageLocation: '171A' },
      ],
    },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  await ctx.dispose();
  return id;
}

export async function erpOrder(id: string): Promise<{ released: boolean }> {
  const ctx = await pwRequest.newContext();
  const res = await ctx.get(`${ERP_URL}/_sim/orders/${id}`);
  const body = (await res.json()) as { released: boolean };
  await ctx.dispose();
  return body;
}

export interface ListItem {
  id: string;
  status: string;
  version: number;
  order: { erpOrderId: string } | null;
}

/** Waits until the worker's ERP sync has turned the order into a recommendation. */
export async function waitForRecommendation(api: APIRequestContext, erpOrderId: string, timeoutMs = 30_000): Promise<ListItem> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await api.get('/api/recommendations?pageSize=100&status=PENDING,HELD,AUTO_APPROVED,APPROVED,POSTED');
    const page = (await res.json()) as { items: ListItem[] };
    const hit = page.items.find((i) => i.order?.erpOrderId === erpOrderId);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no recommendation for order ${erpOrderId} within ${timeoutMs} ms`);
}

export async function signIn(page: Page, role: RoleName): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(USERS[role]);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL('**/inbox**');
}

// ── Ignition: signed event batches and Perspective launch tokens ──

/** The stand-in Perspective page's origin: FRAME_ANCESTORS of the e2e server (scripts/e2e-server.ts). */
export const PERSPECTIVE_HOST_PORT = 3199;
export const PERSPECTIVE_HOST = `http://127.0.0.1:${PERSPECTIVE_HOST_PORT}`;

/** The demo gateway's event-signing secret, as `npm start` wrote it. */
export function gatewaySecret(): string {
  return readFileSync('.data/e2e/gateway-secret.txt', 'utf8').trim();
}

export function gatewayLaunchSecret(): string {
  return readFileSync('.data/e2e/gateway-launch-secret.txt', 'utf8').trim();
}

/** Headers for a signed batch: send `rawBody` byte for byte as the request body. */
export function signedBatchHeaders(rawBody: string, secret = gatewaySecret(), nowMs = Date.now()): Record<string, string> {
  return { 'content-type': 'application/json', 'x-signature': signBatch(rawBody, secret, nowMs) };
}

export interface LaunchClaimsInput {
  sub?: string;
  email?: string;
  roles?: string[];
  site?: string;
  line?: string;
  order?: string;
  iss?: string;
  aud?: string;
  /** Seconds already elapsed since the token was minted. */
  ageS?: number;
  secret?: string;
}

/** A launch token as the gateway script in docs/ignition mints it: HS256, 30 s, single-use jti. */
export async function mintLaunchToken(c: LaunchClaimsInput = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) - (c.ageS ?? 0);
  const extra = Object.fromEntries(Object.entries({ site: c.site, line: c.line, order: c.order }).filter(([, v]) => v !== undefined));
  return new SignJWT({ email: c.email ?? USERS.supervisor, roles: c.roles ?? ['Supervisor'], ...extra })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(c.iss ?? 'ign-gw-01')
    .setAudience(c.aud ?? 'interlock')
    .setSubject(c.sub ?? 'sam.perspective')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 30)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(c.secret ?? gatewayLaunchSecret()));
}
