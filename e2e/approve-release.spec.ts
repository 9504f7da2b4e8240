import { expect, test } from '@playwright/test';
import { apiAs, createErpOrder, erpOrder, signIn, waitForRecommendation, PASSWORD } from './helpers';

test('a supervisor approves a release and sees the ERP result', async ({ page }) => {
  const erpOrderId = await createErpOrder();
  const admin = await apiAs('admin');
  const rec = await waitForRecommendation(admin, erpOrderId);
  expect(rec.status).toBe('PENDING');

  await signIn(page, 'supervisor');
  await expect(page.getByTestId('rec-row').filter({ hasText: erpOrderId })).toBeVisible();
  await page.getByTestId('rec-row').filter({ hasText: erpOrderId }).click();
  await page.waitForURL(`**/recommendations/${rec.id}`);
  await expect(page.getByTestId('rec-status')).toContainText(/pending/i);

  await page.getByTestId('approve-button').click();
  const dialog = page.getByTestId('signature-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`release order ${erpOrderId}`);
  await page.getByTestId('signature-password').fill(PASSWORD);
  await page.getByTestId('signature-confirm').click();

  await expect(page.getByTestId('posting-state')).toContainText(/posted/i, { timeout: 30_000 });
  await expect(page.getByTestId('erp-message').first()).toContainText(erpOrderId);
  expect((await erpOrder(erpOrderId)).released).toBe(true);
  await expect(page.getByTestId('approve-button')).toHaveCount(0);
});

test('a wrong signature password is refused and nothing is posted', async ({ page }) => {
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(await apiAs('admin'), erpOrderId);
  await signIn(page, 'supervisor');
  await page.goto(`/recommendations/${rec.id}`);
  await page.getByTestId('approve-button').click();
  await page.getByTestId('signature-password').fill('not-my-password');
  await page.getByTestId('signature-confirm').click();
  await expect(page.getByTestId('signature-dialog')).toContainText(/password/i);
  expect((await erpOrder(erpOrderId)).released).toBe(false);
});

test('a viewer sees the recommendation but cannot approve it', async ({ page }) => {
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(await apiAs('admin'), erpOrderId);
  await signIn(page, 'viewer');
  await page.goto(`/recommendations/${rec.id}`);
  await expect(page.getByTestId('verdict')).toBeVisible();
  await expect(page.getByTestId('approve-button')).toHaveCount(0);
  await expect(page.getByText(/read-only/i)).toBeVisible();

  const viewer = await apiAs('viewer');
  const res = await viewer.post(`/api/recommendations/${rec.id}/decision`, {
    headers: { 'x-requested-with': 'interlock' },
    data: { outcome: 'APPROVE', version: rec.version, password: PASSWORD },
  });
  expect(res.status()).toBe(403);
  const after = (await (await viewer.get(`/api/recommendations/${rec.id}`)).json()) as { status: string; version: number };
  expect(after).toMatchObject({ status: 'PENDING', version: rec.version });
  expect((await erpOrder(erpOrderId)).released).toBe(false);
});

test('the second of two people acting on the same version gets a clear conflict', async ({ browser }) => {
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(await apiAs('admin'), erpOrderId);
  const a = await browser.newPage();
  const b = await browser.newPage();
  await signIn(a, 'supervisor');
  await signIn(b, 'admin');
  await a.goto(`/recommendations/${rec.id}`);
  await b.goto(`/recommendations/${rec.id}`);

  await a.getByTestId('hold-button').click();
  await a.getByTestId('signature-password').fill(PASSWORD);
  await a.getByTestId('signature-confirm').click();
  await expect(a.getByTestId('rec-status')).toContainText(/held/i);

  await b.getByTestId('approve-button').click();
  await b.getByTestId('signature-password').fill(PASSWORD);
  await b.getByTestId('signature-confirm').click();
  await expect(b.getByTestId('conflict-message')).toBeVisible();
  expect((await erpOrder(erpOrderId)).released).toBe(false);
});

test('a supervisor rejects with a reason code and sees it in the decision history', async ({ page }) => {
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(await apiAs('admin'), erpOrderId);

  // A correction the type does not take is refused with field errors, and nothing changes.
  const supervisor = await apiAs('supervisor');
  const bad = await supervisor.post(`/api/recommendations/${rec.id}/decision`, {
    headers: { 'x-requested-with': 'interlock' },
    data: { outcome: 'APPROVE', version: rec.version, password: PASSWORD, reasonCode: 'SAFETY', edit: { verdict: 'SURE' } },
  });
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { error: { fieldErrors: Record<string, string[]> } };
  expect(Object.keys(body.error.fieldErrors).sort()).toEqual(['edit.verdict', 'reasonCode']);

  await signIn(page, 'supervisor');
  await page.goto(`/recommendations/${rec.id}`);
  await page.getByTestId('reject-button').click();
  const dialog = page.getByTestId('signature-dialog');
  await page.getByTestId('signature-password').fill(PASSWORD);
  await page.getByTestId('signature-confirm').click();
  // Neither a reason nor a comment: the comment field says so and nothing is sent.
  await expect(dialog).toContainText('Give the reason for rejecting');
  await expect(page.getByTestId('signature-comment')).toBeFocused();

  await page.getByTestId('signature-reason').selectOption('EQUIPMENT_NOT_READY');
  await expect(dialog).not.toContainText('Give the reason for rejecting');
  await page.getByTestId('signature-confirm').click();

  await expect(page.getByTestId('rec-status')).toContainText(/rejected/i);
  await expect(page.getByTestId('decision-reason')).toContainText('Equipment is not ready');
  expect((await erpOrder(erpOrderId)).released).toBe(false);
});
