import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { parseCsv } from '../lib/scorecard/csv';
import { anonymous, apiAs, createErpOrder, PASSWORD, signIn, waitForRecommendation, type ListItem } from './helpers';

interface Detail {
  id: string;
  recommendedAction: string;
  version: number;
}

async function decide(api: APIRequestContext, rec: ListItem, body: Record<string, unknown>): Promise<Detail> {
  const res = await api.post(`/api/recommendations/${rec.id}/decision`, {
    headers: { 'x-requested-with': 'interlock' },
    data: { version: rec.version, password: PASSWORD, ...body },
  });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { recommendation: Detail }).recommendation;
}

type Totals = { decisions: number; agreements: number; criticalMisses: number };

async function totals(api: APIRequestContext): Promise<{ total: Totals; groups: number; met: boolean }> {
  const res = await api.get('/api/scorecard?days=30&type=ORDER_RELEASE&siteId=1710');
  expect(res.status()).toBe(200);
  const card = (await res.json()) as { groups: { total: Totals }[]; gates: { evaluation: { met: boolean } }[] };
  const total = card.groups[0]?.total ?? { decisions: 0, agreements: 0, criticalMisses: 0 };
  return { total: { decisions: total.decisions, agreements: total.agreements, criticalMisses: total.criticalMisses }, groups: card.groups.length, met: card.gates[0].evaluation.met };
}

test('people’s decisions fill the scorecard, its gate, and the auditors’ CSV', async ({ page }) => {
  // Other specs decide recommendations in the same database: this one counts what its own decisions add.
  const viewer = await apiAs('viewer');
  const before = (await totals(viewer)).total;
  // Three orders through the public flow: the ERP sync scores them, a supervisor decides.
  const orders = [await createErpOrder(), await createErpOrder(), await createErpOrder()];
  const admin = await apiAs('admin');
  const recs = [];
  for (const o of orders) recs.push(await waitForRecommendation(admin, o));
  const supervisor = await apiAs('supervisor');
  const details = await Promise.all(recs.map(async (r) => ((await (await supervisor.get(`/api/recommendations/${r.id}`)).json()) as Detail)));
  // The demo floor makes these orders releasable; the figures below rely on it.
  for (const d of details) expect(d.recommendedAction).toBe('RELEASE_ORDER');

  const holdUntil = new Date(Date.now() + 6 * 3_600_000).toISOString();
  const edit = { verdict: 'AT_RISK', earliestStart: holdUntil };
  await decide(supervisor, recs[0], { outcome: 'APPROVE', reasonCode: 'AGREE' });
  await decide(supervisor, recs[1], { outcome: 'REJECT', reasonCode: 'SAFETY', comment: 'Guard missing on the press, see log' });
  await decide(supervisor, recs[2], { outcome: 'HOLD', reasonCode: 'SCHEDULE_CONFLICT', edit });

  // The API: 1 of the 3 agreed (approve), one critical miss (a release rejected for safety).
  const after = await totals(viewer);
  expect(after.groups).toBe(1);
  expect(after.total).toEqual({ decisions: before.decisions + 3, agreements: before.agreements + 1, criticalMisses: before.criticalMisses + 1 });
  expect(after.met).toBe(false);
  const shownRate = `${(Math.round((after.total.agreements / after.total.decisions) * 1000) / 10).toFixed(1)} %`;

  // The page, as a viewer (auditors read it too).
  await signIn(page, 'viewer');
  await page.getByRole('link', { name: 'Scorecard' }).click();
  await page.waitForURL('**/scorecard');
  const group = page.locator('[data-testid="scorecard-group"][data-site="1710"]');
  await expect(group.getByTestId('figure-decisions')).toHaveText(String(after.total.decisions));
  await expect(group.getByTestId('figure-agreement')).toContainText(shownRate);
  await expect(group.getByTestId('figure-critical')).toHaveText(String(after.total.criticalMisses));
  await expect(group.getByTestId('critical-misses')).toContainText('Safety concern');
  const gate = page.locator('[data-testid="gate-row"][data-site="1710"]');
  await expect(gate).toHaveAttribute('data-met', 'false');
  await expect(gate.locator('[data-condition="decisions"]')).toContainText(`Only ${after.total.decisions} decisions in the last 30 days; at least 50 needed`);
  await expect(gate.locator('[data-condition="criticalMisses"]')).toHaveAttribute('data-passed', 'false');

  // The CSV: a header and one row per decision, the edit as JSON surviving its quoting.
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^interlock-scorecard-all-types-all-sites-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const records = parseCsv(await readFile(await download.path(), 'utf8'));
  const [header, ...allRows] = records;
  expect(header.slice(0, 6)).toEqual(['decided_at', 'site', 'line', 'shift', 'decision_type', 'recommendation_id']);
  const col = (name: string) => header.indexOf(name);
  expect(allRows.length).toBeGreaterThanOrEqual(after.total.decisions);
  const ours = new Set(recs.map((r) => r.id));
  const rows = allRows.filter((r) => ours.has(r[col('recommendation_id')]));
  expect(rows).toHaveLength(3);
  const byRec = new Map(rows.map((r) => [r[col('recommendation_id')], r]));
  const held = byRec.get(recs[2].id)!;
  expect(held[col('human_outcome')]).toBe('HOLD');
  expect(held[col('human_action')]).toBe('DELAY_RELEASE');
  expect(JSON.parse(held[col('edit')])).toEqual(edit);
  expect(byRec.get(recs[1].id)![col('critical_miss')]).toBe('true');
  expect(byRec.get(recs[0].id)![col('agreed')]).toBe('true');
  for (const r of rows) expect(['EARLY', 'LATE', 'NIGHT']).toContain(r[col('shift')]);
});

test('an admin is warned before raising autonomy past an unmet gate, and nothing changes on cancel', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/policies');
  const row = page.locator('[data-testid="policy-row"][data-policy-type="ORDER_RELEASE"][data-site="1710"]');
  await expect(row.getByTestId('policy-gate')).toHaveAttribute('data-met', 'false');
  await expect(row.getByTestId('policy-gate')).toContainText('SUPERVISED → AUTO: gate not met.');
  await row.getByTestId('policy-mode').selectOption('AUTO');
  await expect(row.getByTestId('policy-gate-warning')).toBeVisible();
  await row.getByTestId('policy-save').click();
  // Asking for the change opens the request dialog, which carries the gate warning.
  const dialog = page.getByTestId('policy-change-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('policy-change-gate-warning').getByTestId('gate-condition').first()).toBeVisible();
  await dialog.getByTestId('policy-change-dismiss').click();
  await expect(dialog).toHaveCount(0);
  const admin = await apiAs('admin');
  const policies = (await (await admin.get('/api/policies')).json()) as { items: { type: string; siteId: string; mode: string }[] };
  expect(policies.items.find((p) => p.type === 'ORDER_RELEASE' && p.siteId === '1710')?.mode).toBe('SUPERVISED');
  const changes = (await (await admin.get('/api/policies/changes?status=PENDING')).json()) as { items: unknown[] };
  expect(changes.items).toEqual([]);
});

test('the scorecard API validates its filters and takes only signed-in people', async () => {
  expect((await (await anonymous()).get('/api/scorecard')).status()).toBe(401);
  expect((await (await anonymous()).get('/api/scorecard/export')).status()).toBe(401);
  const viewer = await apiAs('viewer');
  const bad = await viewer.get('/api/scorecard?days=0&type=NOPE');
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { error: { fieldErrors: Record<string, string[]> } };
  expect(Object.keys(body.error.fieldErrors).sort()).toEqual(['days', 'type']);
  expect((await viewer.get('/api/scorecard/export?days=400')).status()).toBe(400);
  expect((await viewer.get('/api/scorecard?siteId=9999')).status()).toBe(404);
  const csv = await viewer.get('/api/scorecard/export?days=7');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="interlock-scorecard-.+\.csv"$/);
  expect((await viewer.get('/api/models/feasibility/comparison?days=30')).status()).toBe(200);
  expect((await viewer.get('/api/models/feasibility/comparison?days=0')).status()).toBe(400);
  expect((await viewer.get('/api/models/nope/comparison')).status()).toBe(404);
});
