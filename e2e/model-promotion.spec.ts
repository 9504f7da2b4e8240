// The model lifecycle as two admins live it: one puts feasibility@2 in shadow
// and asks for its promotion, a second approves with a signature, the engine
// serves @2 (the worker's next recommendation says so), and a rollback brings
// @1 back. Other specs expect @1 active: the end state is restored even on failure.
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiAs, createErpOrder, signIn, waitForRecommendation, PASSWORD, type RoleName } from './helpers';

interface EngineDetail {
  versions: { version: number; status: string; previousActiveVersion: number | null }[];
}
interface PromotionList {
  items: { id: string; status: string; version: number; kind: string; requestedBy: { id: string } }[];
}

const statusOf = async (api: APIRequestContext) =>
  Object.fromEntries(((await (await api.get('/api/models/feasibility')).json()) as EngineDetail).versions.map((v) => [v.version, v.status]));

async function openModelPage(browser: Browser, role: RoleName): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, role);
  await page.goto('/models/feasibility');
  await expect(page.getByTestId('lifecycle-panel')).toBeVisible();
  return page;
}

async function confirmDialog(page: Page, fields: { text?: string; password?: string }) {
  const dialog = page.getByTestId('lifecycle-dialog');
  await expect(dialog).toBeVisible();
  if (fields.text !== undefined) await dialog.getByTestId('lifecycle-text').fill(fields.text);
  if (fields.password !== undefined) await dialog.getByTestId('lifecycle-password').fill(fields.password);
  await dialog.getByTestId('lifecycle-confirm').click();
  await expect(page.getByTestId('lifecycle-dialog')).toHaveCount(0);
}

test.afterAll(async () => {
  // Leave @1 active and nothing pending, whatever happened above.
  const admin = await apiAs('admin');
  const admin2 = await apiAs('admin2');
  const promotions = (await (await admin.get('/api/models/feasibility/promotions')).json()) as PromotionList;
  for (const p of promotions.items.filter((i) => i.status === 'PENDING')) {
    await admin.post(`/api/models/feasibility/promotions/${p.id}`, { headers: { 'x-requested-with': 'interlock' }, data: { action: 'cancel', version: p.version } });
    await admin2.post(`/api/models/feasibility/promotions/${p.id}`, { headers: { 'x-requested-with': 'interlock' }, data: { action: 'cancel', version: p.version } });
  }
  if ((await statusOf(admin))[2] === 'ACTIVE') {
    await admin2.post('/api/models/feasibility/rollback', { headers: { 'x-requested-with': 'interlock' }, data: { fromVersion: 2, reason: 'e2e clean-up', password: PASSWORD } });
  }
  if ((await statusOf(admin))[2] === 'SHADOW') {
    await admin.delete('/api/models/feasibility/shadow', { headers: { 'x-requested-with': 'interlock' }, data: { version: 2 } });
  }
});

test('one admin asks, a second approves with a signature, @2 serves, and a rollback brings @1 back', async ({ browser }) => {
  const api = await apiAs('admin');
  // The worker registers the models folder at start: @1 active, @2 a candidate.
  await expect.poll(() => statusOf(api), { timeout: 30_000 }).toEqual({ 1: 'ACTIVE', 2: 'CANDIDATE' });

  // Ada puts @2 in shadow, then asks for its promotion.
  const ada = await openModelPage(browser, 'admin');
  await expect(ada.getByTestId('serving-version')).toContainText('feasibility@1');
  const row2 = ada.locator('[data-testid="model-version-row"][data-version="2"]');
  await row2.getByTestId('put-in-shadow').click();
  await confirmDialog(ada, { text: 'compare on live orders' });
  await expect(ada.getByTestId('shadow-version')).toContainText('feasibility@2');

  await row2.getByTestId('request-promotion').click();
  // A reason is required: the form says so and sends nothing.
  await ada.getByTestId('lifecycle-confirm').click();
  await expect(ada.getByTestId('lifecycle-dialog')).toContainText(/reason is required/i);
  await confirmDialog(ada, { text: 'Better held-out AUC; agreed with supervisors in shadow' });
  const pendingForAda = ada.getByTestId('pending-promotion');
  await expect(pendingForAda).toContainText('feasibility@1 → feasibility@2');
  // The requester may cancel but not approve their own request.
  await expect(pendingForAda.getByTestId('cancel-promotion')).toBeVisible();
  await expect(pendingForAda.getByTestId('approve-promotion')).toHaveCount(0);
  await expect(ada.getByTestId('serving-version')).toContainText('feasibility@1');

  // Blake approves in the browser, signing with the password; a wrong one is refused first.
  const blake = await openModelPage(browser, 'admin2');
  const pendingForBlake = blake.getByTestId('pending-promotion');
  await expect(pendingForBlake).toContainText('Better held-out AUC');
  await pendingForBlake.getByTestId('approve-promotion').click();
  const dialog = blake.getByTestId('lifecycle-dialog');
  await dialog.getByTestId('lifecycle-password').fill('not-my-password');
  await dialog.getByTestId('lifecycle-confirm').click();
  await expect(dialog).toContainText(/password does not match/i);
  expect((await statusOf(api))[2]).toBe('SHADOW');
  await confirmDialog(blake, { password: PASSWORD });
  await expect(blake.getByTestId('serving-version')).toContainText('feasibility@2');
  await expect(blake.getByTestId('shadow-version')).toContainText('None');
  await expect(blake.getByTestId('pending-promotion')).toHaveCount(0);
  await expect(blake.getByTestId('promotion-row').first()).toHaveAttribute('data-status', 'APPROVED');
  expect(await statusOf(api)).toEqual({ 1: 'RETIRED', 2: 'ACTIVE' });

  // The worker, another process, scores the next order with @2 within seconds.
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(api, erpOrderId);
  const detail = (await (await api.get(`/api/recommendations/${rec.id}`)).json()) as { modelVersion: string };
  expect(detail.modelVersion).toBe('feasibility@2');

  // One admin rolls back in one signed action, after confirming.
  await blake.getByTestId('rollback').click();
  await expect(blake.getByTestId('lifecycle-dialog')).toContainText('feasibility@2 stops serving now');
  await confirmDialog(blake, { text: 'late orders released on the night shift', password: PASSWORD });
  await expect(blake.getByTestId('serving-version')).toContainText('feasibility@1');
  await expect(blake.getByTestId('rollback')).toHaveCount(0);
  const history = blake.getByTestId('promotion-row');
  await expect(history.first()).toHaveAttribute('data-kind', 'ROLLBACK');
  await expect(history.first()).toContainText('feasibility@2 → feasibility@1');
  await expect(history.nth(1)).toContainText('feasibility@1 → feasibility@2');
  expect(await statusOf(api)).toEqual({ 1: 'ACTIVE', 2: 'RETIRED' });

  // The audit trail has every step.
  const audit = (await (await api.get('/api/audit?pageSize=200')).json()) as { items: { action: string }[] };
  const actions = audit.items.map((e) => e.action);
  for (const action of ['model.shadow_started', 'model.promotion_requested', 'model.promoted', 'model.rolled_back']) expect(actions).toContain(action);
});

test('a viewer sees what serves but no lifecycle buttons', async ({ browser }) => {
  const page = await openModelPage(browser, 'viewer');
  await expect(page.getByTestId('serving-version')).toContainText('feasibility@');
  await expect(page.getByTestId('put-in-shadow')).toHaveCount(0);
  await expect(page.getByTestId('request-promotion')).toHaveCount(0);
  await expect(page.getByTestId('rollback')).toHaveCount(0);
});

test('bad lifecycle input is a 400 with field errors, and a write without the CSRF header is refused', async () => {
  const admin = await apiAs('admin');
  const csrf = { 'x-requested-with': 'interlock' };
  const before = await statusOf(admin);
  const bad = await admin.post('/api/models/feasibility/promotions', { headers: csrf, data: { version: 'two', reason: '' } });
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { error: { fieldErrors: Record<string, string[]> } };
  expect(Object.keys(body.error.fieldErrors).sort()).toEqual(['reason', 'version']);
  const badAction = await admin.post('/api/models/feasibility/promotions/x', { headers: csrf, data: { action: 'promote', version: 1 } });
  expect(badAction.status()).toBe(400);
  const noPassword = await admin.post('/api/models/feasibility/rollback', { headers: csrf, data: { fromVersion: 1, reason: 'x' } });
  expect(noPassword.status()).toBe(400);
  expect(((await noPassword.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors.password).toBeDefined();
  const noCsrf = await admin.post('/api/models/feasibility/shadow', { data: { version: 2 } });
  expect(noCsrf.status()).toBe(403);
  expect(await statusOf(admin)).toEqual(before);
});
