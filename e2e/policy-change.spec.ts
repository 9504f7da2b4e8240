// A change of autonomy as two admins live it: Ada asks for ORDER_RELEASE at
// 1710 to go SUPERVISED → AUTO, nothing changes until Blake signs his approval
// in the browser, then AUTO is in force; the way back to SUPERVISED takes the
// same two admins. Other specs expect SUPERVISED: the end state is restored
// even on failure.
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiAs, PASSWORD, signIn, type RoleName } from './helpers';

const CSRF = { 'x-requested-with': 'interlock' };
const ROW = '[data-policy-type="ORDER_RELEASE"][data-site="1710"]';

interface Policy {
  type: string;
  siteId: string;
  mode: string;
  autoThreshold: number;
  atRiskThreshold: number;
  version: number;
}
interface Change {
  id: string;
  status: string;
  version: number;
  basedOnVersion: number;
  from: { mode: string };
  to: { mode: string };
  requestedBy: { name: string };
  decidedBy: { name: string } | null;
  gate: { evaluation: { met: boolean } } | null;
}

const policyOf = async (api: APIRequestContext): Promise<Policy> =>
  ((await (await api.get('/api/policies')).json()) as { items: Policy[] }).items.find((p) => p.type === 'ORDER_RELEASE' && p.siteId === '1710')!;
const changesOf = async (api: APIRequestContext, status = ''): Promise<Change[]> =>
  ((await (await api.get(`/api/policies/changes?type=ORDER_RELEASE&siteId=1710&status=${status}`)).json()) as { items: Change[] }).items;

async function openPolicies(browser: Browser, role: RoleName): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, role);
  await page.goto('/policies');
  await expect(page.locator(`[data-testid="policy-row"]${ROW}`)).toBeVisible();
  return page;
}

async function confirmDialog(page: Page, fields: { text?: string; password?: string }) {
  const dialog = page.getByTestId('policy-change-dialog');
  await expect(dialog).toBeVisible();
  if (fields.text !== undefined) await dialog.getByTestId('policy-change-text').fill(fields.text);
  if (fields.password !== undefined) await dialog.getByTestId('policy-change-password').fill(fields.password);
  await dialog.getByTestId('policy-change-confirm').click();
  await expect(page.getByTestId('policy-change-dialog')).toHaveCount(0);
}

/** Back to SUPERVISED at the seed's thresholds with nothing pending, through the same two-admin flow. */
async function restoreSupervised(): Promise<void> {
  const admin = await apiAs('admin');
  const admin2 = await apiAs('admin2');
  for (const c of await changesOf(admin, 'PENDING')) {
    for (const api of [admin, admin2]) await api.post(`/api/policies/changes/${c.id}`, { headers: CSRF, data: { action: 'cancel', version: c.version } });
  }
  const p = await policyOf(admin);
  if (p.mode === 'SUPERVISED' && p.autoThreshold === 0.9 && p.atRiskThreshold === 0.6) return;
  const asked = await admin.post('/api/policies/changes', {
    headers: CSRF,
    data: { type: 'ORDER_RELEASE', siteId: '1710', mode: 'SUPERVISED', autoThreshold: 0.9, atRiskThreshold: 0.6, version: p.version, reason: 'e2e clean-up' },
  });
  expect(asked.status(), await asked.text()).toBe(201);
  const { change } = (await asked.json()) as { change: Change };
  const approved = await admin2.post(`/api/policies/changes/${change.id}`, { headers: CSRF, data: { action: 'approve', version: change.version, password: PASSWORD } });
  expect(approved.status(), await approved.text()).toBe(200);
}

test.afterAll(restoreSupervised);

test('one admin asks for AUTO, nothing changes until a second admin signs, then AUTO is in force; the way back takes two admins too', async ({ browser }) => {
  const api = await apiAs('admin');
  const start = await policyOf(api);
  expect(start.mode).toBe('SUPERVISED');

  // Ada asks for AUTO: the dialog wants a reason and shows the unmet gate.
  const ada = await openPolicies(browser, 'admin');
  const adaRow = ada.locator(`[data-testid="policy-row"]${ROW}`);
  await adaRow.getByTestId('policy-mode').selectOption('AUTO');
  await adaRow.getByTestId('policy-save').click();
  const dialog = ada.getByTestId('policy-change-dialog');
  await expect(dialog.getByTestId('policy-change-gate-warning')).toBeVisible();
  await expect(dialog.getByTestId('policy-change-values')).toContainText('SUPERVISED → AUTO');
  await dialog.getByTestId('policy-change-confirm').click();
  await expect(dialog).toContainText(/reason is required/i);
  expect(await changesOf(api, 'PENDING')).toEqual([]);
  await confirmDialog(ada, { text: 'The parallel run agreed with supervisors all month' });

  // Waiting: Ada may withdraw but not approve, and the policy in force has not moved.
  const adaPending = ada.locator(`[data-testid="policy-pending"]${ROW}`);
  await expect(adaPending).toContainText('Waiting for a second admin');
  await expect(adaPending.getByTestId('policy-change-values')).toContainText('SUPERVISED → AUTO');
  await expect(adaPending.getByTestId('policy-change-cancel')).toBeVisible();
  await expect(adaPending.getByTestId('policy-change-approve')).toHaveCount(0);
  await expect(adaRow).toHaveAttribute('data-mode', 'SUPERVISED');
  expect(await policyOf(api)).toMatchObject({ mode: 'SUPERVISED', version: start.version });
  const [pending] = await changesOf(api, 'PENDING');
  expect(pending).toMatchObject({ status: 'PENDING', basedOnVersion: start.version, from: { mode: 'SUPERVISED' }, to: { mode: 'AUTO' }, gate: { evaluation: { met: false } } });
  // The requester cannot approve through the API either.
  const own = await api.post(`/api/policies/changes/${pending.id}`, { headers: CSRF, data: { action: 'approve', version: pending.version, password: PASSWORD } });
  expect(own.status()).toBe(403);
  expect(((await own.json()) as { error: { message: string } }).error.message).toMatch(/different admin must approve/);

  // Blake approves in the browser, signing with his password; a wrong one is refused first.
  const blake = await openPolicies(browser, 'admin2');
  const blakePending = blake.locator(`[data-testid="policy-pending"]${ROW}`);
  await expect(blakePending).toContainText('The parallel run agreed with supervisors all month');
  await expect(blakePending.getByTestId('policy-change-cancel')).toHaveCount(0);
  await blakePending.getByTestId('policy-change-approve').click();
  const approve = blake.getByTestId('policy-change-dialog');
  await approve.getByTestId('policy-change-password').fill('not-my-password');
  await approve.getByTestId('policy-change-confirm').click();
  await expect(approve).toContainText(/password does not match/i);
  expect(await policyOf(api)).toMatchObject({ mode: 'SUPERVISED', version: start.version });
  await confirmDialog(blake, { password: PASSWORD });

  const blakeRow = blake.locator(`[data-testid="policy-row"]${ROW}`);
  await expect(blakeRow).toHaveAttribute('data-mode', 'AUTO');
  await expect(blakeRow.getByTestId('policy-mode')).toHaveValue('AUTO');
  await expect(blake.locator(`[data-testid="policy-pending"]${ROW}`)).toHaveCount(0);
  const history = blake.getByTestId('policy-change-row').first();
  await expect(history).toHaveAttribute('data-status', 'APPROVED');
  await expect(history).toContainText('SUPERVISED → AUTO');
  await expect(history).toContainText('Ada Admin');
  await expect(history).toContainText('Blake Admin');
  expect(await policyOf(api)).toMatchObject({ mode: 'AUTO', version: start.version + 1 });

  // Back to SUPERVISED: Blake asks (lowering needs no gate), Ada approves.
  await blakeRow.getByTestId('policy-mode').selectOption('SUPERVISED');
  await blakeRow.getByTestId('policy-save').click();
  await expect(blake.getByTestId('policy-change-dialog').getByTestId('policy-change-gate-warning')).toHaveCount(0);
  await confirmDialog(blake, { text: 'Back to supervised after the demo' });
  await expect(blake.locator(`[data-testid="policy-pending"]${ROW}`)).toContainText('AUTO → SUPERVISED');
  expect((await policyOf(api)).mode).toBe('AUTO');

  await ada.reload();
  await ada.locator(`[data-testid="policy-pending"]${ROW}`).getByTestId('policy-change-approve').click();
  await confirmDialog(ada, { text: 'agreed', password: PASSWORD });
  await expect(adaRow).toHaveAttribute('data-mode', 'SUPERVISED');
  expect(await policyOf(api)).toMatchObject({ mode: 'SUPERVISED', version: start.version + 2 });

  // The audit trail has every step, with both people on each change.
  const audit = (await (await api.get('/api/audit?pageSize=200')).json()) as { items: { action: string; actorName: string }[] };
  const steps = audit.items.filter((e) => e.action.startsWith('policy.')).map((e) => [e.action, e.actorName]);
  expect(steps.slice(0, 4).reverse()).toEqual([
    ['policy.change_requested', 'Ada Admin'],
    ['policy.changed', 'Blake Admin'],
    ['policy.change_requested', 'Blake Admin'],
    ['policy.changed', 'Ada Admin'],
  ]);
});

test('a viewer sees the policies and a pending request read-only', async ({ browser }) => {
  const admin = await apiAs('admin');
  const p = await policyOf(admin);
  const asked = await admin.post('/api/policies/changes', {
    headers: CSRF,
    data: { type: 'ORDER_RELEASE', siteId: '1710', mode: p.mode, autoThreshold: 0.95, atRiskThreshold: p.atRiskThreshold, version: p.version, reason: 'stricter auto-release' },
  });
  expect(asked.status(), await asked.text()).toBe(201);
  const { change } = (await asked.json()) as { change: Change };
  try {
    const page = await openPolicies(browser, 'viewer');
    const pending = page.locator(`[data-testid="policy-pending"]${ROW}`);
    await expect(pending).toContainText('Waiting for a second admin');
    await expect(pending).toContainText('stricter auto-release');
    for (const id of ['policy-change-approve', 'policy-change-reject', 'policy-change-cancel']) await expect(pending.getByTestId(id)).toHaveCount(0);
    await expect(page.getByTestId('policy-mode')).toHaveCount(0);
    await expect(page.getByTestId('policy-save')).toHaveCount(0);
  } finally {
    await admin.post(`/api/policies/changes/${change.id}`, { headers: CSRF, data: { action: 'cancel', version: change.version } });
  }
});

test('the direct change is gone, and bad requests are 400s with field errors that change nothing', async () => {
  const admin = await apiAs('admin');
  const before = { policy: await policyOf(admin), changes: await changesOf(admin) };
  const put = await admin.put('/api/policies', { headers: CSRF, data: { type: 'ORDER_RELEASE', siteId: '1710', mode: 'AUTO', autoThreshold: 0.9, atRiskThreshold: 0.6, version: before.policy.version } });
  expect(put.status()).toBe(405);

  const bad = await admin.post('/api/policies/changes', { headers: CSRF, data: { type: 'ORDER_RELEASE', siteId: '1710', mode: 'FULL', autoThreshold: 0.3, atRiskThreshold: 0.2, version: 1, reason: '' } });
  expect(bad.status()).toBe(400);
  expect(Object.keys(((await bad.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors).sort()).toEqual(['autoThreshold', 'mode', 'reason']);
  const same = await admin.post('/api/policies/changes', {
    headers: CSRF,
    data: { type: 'ORDER_RELEASE', siteId: '1710', mode: before.policy.mode, autoThreshold: before.policy.autoThreshold, atRiskThreshold: before.policy.atRiskThreshold, version: before.policy.version, reason: 'no-op' },
  });
  expect(same.status()).toBe(400);
  const badAction = await admin.post('/api/policies/changes/x', { headers: CSRF, data: { action: 'promote', version: 1 } });
  expect(badAction.status()).toBe(400);
  const noCsrf = await admin.post('/api/policies/changes', { data: { type: 'ORDER_RELEASE', siteId: '1710', mode: 'AUTO', autoThreshold: 0.9, atRiskThreshold: 0.6, version: before.policy.version, reason: 'x' } });
  expect(noCsrf.status()).toBe(403);
  expect({ policy: await policyOf(admin), changes: await changesOf(admin) }).toEqual(before);
});
