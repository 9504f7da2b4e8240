import { expect, test } from '@playwright/test';
import { anonymous, apiAs, asGateway, createErpOrder, signIn, waitForRecommendation } from './helpers';

test('a supervisor reads, in plain words, why the model scored an order as it did', async ({ page }) => {
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(await apiAs('admin'), erpOrderId);
  await signIn(page, 'supervisor');
  await page.goto(`/recommendations/${rec.id}`);
  const items = page.getByTestId('explanation-item');
  await expect(items.first()).toBeVisible();
  expect(await items.count()).toBeLessThanOrEqual(5);
  await expect(items.first()).toHaveText(/^.+ \(.+\) pushed the on-time probability (up|down)\. \([+-]\d+\.\d\d log-odds\)$/);
});

test('a viewer opens the models and the feasibility model page', async ({ page }) => {
  await signIn(page, 'viewer');
  await page.getByRole('link', { name: 'Models' }).click();
  await page.waitForURL('**/models');
  await expect(page.getByTestId('engine-feasibility')).toContainText('Order release feasibility');
  await page.getByRole('link', { name: 'Order release feasibility' }).click();
  await page.waitForURL('**/models/feasibility');
  await expect(page.getByRole('heading', { name: 'Order release feasibility' })).toBeVisible();
  // The registry may be empty on a fresh database; either way the page says what it has.
  await expect(page.getByTestId('model-version-row').first().or(page.getByText('No version registered yet'))).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Live: scores and drift' })).toBeVisible();
  if (await page.getByTestId('model-version-row').count()) {
    // The held-out confusion matrix of the version shown: late and on time, each split by what the model said.
    const matrix = page.getByTestId('confusion-matrix');
    await expect(matrix.locator('tr')).toHaveCount(2);
    await expect(matrix.locator('tr').first()).toContainText('late');
  }
});

test('the model API takes only signed-in people with models.read', async () => {
  expect((await (await anonymous()).get('/api/models')).status()).toBe(401);
  // A gateway key is not a credential the console API takes at all.
  expect((await (await asGateway()).get('/api/models')).status()).toBe(401);
  const viewer = await apiAs('viewer');
  expect((await viewer.get('/api/models')).status()).toBe(200);
  const bad = await viewer.get('/api/models/Not%20An%20Engine');
  expect(bad.status()).toBe(400);
  expect((await viewer.get('/api/models/nope')).status()).toBe(404);
  expect((await viewer.get('/api/models/feasibility/monitoring?days=0')).status()).toBe(400);
  expect((await viewer.get('/api/models/feasibility/monitoring?days=7')).status()).toBe(200);
});
