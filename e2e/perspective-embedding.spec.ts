// The console inside Perspective, played by a stand-in host page on another
// site: http://127.0.0.1:3199 (FRAME_ANCESTORS of the e2e server) frames
// http://localhost:3100, so the frame is cross-site and Chromium blocks its
// unpartitioned third-party cookies, as it would under a real gateway.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { BASE_URL, PASSWORD, PERSPECTIVE_HOST, PERSPECTIVE_HOST_PORT, apiAs, createErpOrder, mintLaunchToken, signIn, waitForRecommendation } from './helpers';

interface Received {
  origin: string;
  data: { type?: string; [k: string]: unknown };
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A page that frames `src` (and optionally a second frame from another origin) and records every message it receives. */
function hostPage(src: string, intruder?: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Perspective (stand-in)</title>
<script>
  window.received = [];
  window.addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));
</script>
<iframe id="console" name="console" src="${attr(src)}" style="border:0;width:1024px;height:720px"></iframe>
${intruder ? `<iframe id="intruder" src="${attr(intruder)}" style="width:10px;height:10px"></iframe>` : ''}`;
}

function serve(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/host') res.end(hostPage(url.searchParams.get('src') ?? 'about:blank', url.searchParams.get('intruder') ?? undefined));
    else res.end('<!doctype html><title>blank</title><p>intruder</p>');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

let allowedHost: Server;
let otherHost: Server;
let otherOrigin: string;

test.beforeAll(async () => {
  allowedHost = await serve(PERSPECTIVE_HOST_PORT);
  // Any free port: an origin the e2e server does not list in FRAME_ANCESTORS.
  otherHost = await serve(0);
  otherOrigin = `http://127.0.0.1:${(otherHost.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => allowedHost.close(r));
  await new Promise((r) => otherHost.close(r));
});

const launchUrl = (token: string) => `${BASE_URL}/launch?token=${encodeURIComponent(token)}`;
const hostUrl = (origin: string, src: string, intruder?: string) =>
  `${origin}/host?src=${encodeURIComponent(src)}${intruder ? `&intruder=${encodeURIComponent(intruder)}` : ''}`;

function consoleFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(BASE_URL));
  if (!frame) throw new Error(`no console frame among ${page.frames().map((f) => f.url()).join(', ')}`);
  return frame;
}

async function received(page: Page): Promise<Received[]> {
  return page.evaluate(() => (window as unknown as { received: Received[] }).received);
}

test('third-party cookies are blocked in this browser (otherwise the embedding tests would prove nothing)', async ({ page }) => {
  await page.goto(hostUrl(PERSPECTIVE_HOST, `${BASE_URL}/api/health`));
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(BASE_URL))).toBe(true);
  const cookie = await consoleFrame(page).evaluate(() => {
    document.cookie = 'probe=1; Path=/; SameSite=None; Secure';
    return document.cookie;
  });
  expect(cookie).not.toContain('probe=1');
});

test('a launch token signs the supervisor in inside the cross-site frame; a decision there reaches Perspective', async ({ page, context }) => {
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(await apiAs('admin'), erpOrderId);
  const token = await mintLaunchToken({ site: '1710', line: 'L1', order: erpOrderId });

  await page.goto(hostUrl(PERSPECTIVE_HOST, launchUrl(token), `${otherOrigin}/intruder`));
  const frame = page.frameLocator('#console');
  // The token's order opens its recommendation, signed in, in the frame.
  await expect(frame.getByTestId('approve-button')).toBeVisible();
  await expect(frame.getByText(erpOrderId).first()).toBeVisible();
  expect(consoleFrame(page).url()).toBe(`${BASE_URL}/recommendations/${rec.id}`);

  // The session lives in a cookie partitioned under the host's site (CHIPS), and nowhere else.
  const sessions = (await context.cookies()).filter((c) => c.name.endsWith('next-auth.session-token'));
  expect(sessions).toHaveLength(1);
  expect(sessions[0]).toMatchObject({ name: '__Secure-next-auth.session-token', secure: true, httpOnly: true, sameSite: 'None', partitionKey: 'http://127.0.0.1' });

  await expect.poll(async () => (await received(page)).filter((m) => m.data.type === 'interlock:ready')).toEqual([{ origin: BASE_URL, data: { type: 'interlock:ready' } }]);

  await frame.getByTestId('approve-button').click();
  await frame.getByTestId('signature-password').fill(PASSWORD);
  await frame.getByTestId('signature-confirm').click();
  await expect(frame.getByTestId('decision-result')).toBeVisible();
  await expect
    .poll(async () => (await received(page)).filter((m) => m.data.type === 'interlock:decision'))
    .toEqual([{ origin: BASE_URL, data: { type: 'interlock:decision', recommendationId: rec.id, outcome: 'APPROVE', status: 'APPROVED' } }]);

  // Perspective navigates the console; a message from another origin (a second frame on the host page) is ignored.
  const navigations: string[] = [];
  page.on('framenavigated', (f) => {
    if (f.url().startsWith(BASE_URL)) navigations.push(f.url());
  });
  const intruder = page.frames().find((f) => f.url().startsWith(otherOrigin))!;
  await intruder.evaluate(() => window.parent.frames[0].postMessage({ type: 'interlock:navigate', line: 'L2' }, '*'));
  await page.waitForTimeout(1_000);
  expect(navigations).toEqual([]);
  await page.evaluate(() => (document.getElementById('console') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'interlock:navigate', line: 'L1' }, 'http://localhost:3100'));
  await expect.poll(() => consoleFrame(page).url()).toBe(`${BASE_URL}/inbox?line=L1`);
  await expect(frame.getByTestId('line-filter')).toHaveValue('L1');
  expect(navigations.some((u) => u.includes('line=L2'))).toBe(false);
});

test('a page on an origin outside FRAME_ANCESTORS cannot frame the console', async ({ page, request }) => {
  const res = await request.get('/login', { maxRedirects: 0 });
  expect(res.headers()['content-security-policy']).toBe(`frame-ancestors 'self' ${PERSPECTIVE_HOST}`);
  expect(res.headers()['x-frame-options']).toBeUndefined();

  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('frame-ancestors')) violations.push(m.text());
  });
  await page.goto(hostUrl(otherOrigin, `${BASE_URL}/login`));
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(violations[0]).toContain(BASE_URL);
  // Blocked, the frame shows the browser's error page, never the console's sign-in form.
  await expect(page.frameLocator('#console').getByLabel('Email')).toHaveCount(0);
  expect(page.frames().some((f) => f.url().startsWith(BASE_URL) && f.url().includes('/login'))).toBe(false);
});

test('a replayed, expired or foreign launch token is refused in the frame, and nothing is created', async ({ browser }) => {
  const admin = await apiAs('admin');
  const auditTotal = async () => ((await (await admin.get('/api/audit?pageSize=1')).json()) as { total: number }).total;
  const token = await mintLaunchToken();

  const first = await browser.newContext();
  const firstPage = await first.newPage();
  await firstPage.goto(hostUrl(PERSPECTIVE_HOST, launchUrl(token)));
  await expect(firstPage.frameLocator('#console').getByTestId('line-filter')).toBeVisible();
  await first.close();

  const before = await auditTotal();
  const cases: [string, string][] = [
    [token, 'replayed'],
    [await mintLaunchToken({ ageS: 120 }), 'expired'],
    [await mintLaunchToken({ aud: 'another-app' }), 'wrong_audience'],
    [await mintLaunchToken({ iss: 'ign-gw-99' }), 'wrong_issuer'],
    [await mintLaunchToken({ secret: 'not-the-launch-secret-0123456789abcdef' }), 'bad_signature'],
  ];
  for (const [t, reason] of cases) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(hostUrl(PERSPECTIVE_HOST, launchUrl(t)));
    const refused = page.frameLocator('#console').getByTestId('launch-refused');
    await expect(refused, reason).toBeVisible();
    await expect(refused).toHaveAttribute('data-reason', reason);
    expect(consoleFrame(page).url()).not.toContain('token=');
    expect((await ctx.cookies()).filter((c) => c.name.endsWith('session-token')), reason).toEqual([]);
    await ctx.close();
  }
  expect(await auditTotal()).toBe(before);
});

test('the launch answer keeps the token out of caches and referrers and sets a partitioned session cookie', async ({ request }) => {
  const res = await request.get(`/launch?token=${encodeURIComponent(await mintLaunchToken({ line: 'L2' }))}`, { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()['location']).toBe('/inbox?line=L2');
  expect(res.headers()['cache-control']).toBe('no-store');
  expect(res.headers()['referrer-policy']).toBe('no-referrer');
  const setCookie = res.headers()['set-cookie'];
  expect(setCookie).toMatch(/^__Secure-next-auth\.session-token=/);
  for (const attribute of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=none', 'Partitioned']) expect(setCookie.toLowerCase()).toContain(attribute.toLowerCase());
});

test('figures: sign-in through a launch token in the frame vs. the password form', async ({ browser, request }) => {
  const launches: number[] = [];
  const passwords: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < 20; i++) {
    const url = `/launch?token=${encodeURIComponent(await mintLaunchToken())}`;
    const t0 = performance.now();
    const res = await request.get(url, { maxRedirects: 0 });
    server.push(performance.now() - t0);
    expect(res.status()).toBe(303);
    expect(res.headers()['location']).toBe('/inbox');
  }
  for (let i = 0; i < 5; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const token = await mintLaunchToken();
    const t0 = Date.now();
    await page.goto(hostUrl(PERSPECTIVE_HOST, launchUrl(token)));
    await expect(page.frameLocator('#console').getByTestId('line-filter')).toBeVisible();
    launches.push(Date.now() - t0);
    await ctx.close();

    const ctx2 = await browser.newContext({ baseURL: BASE_URL });
    const page2 = await ctx2.newPage();
    const t1 = Date.now();
    await signIn(page2, 'supervisor');
    await expect(page2.getByTestId('line-filter')).toBeVisible();
    passwords.push(Date.now() - t1);
    await ctx2.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`[figures] GET /launch (verify, use jti, find user, audit, session cookie; 303), 20 calls: median ${median(server).toFixed(1)} ms`);
  console.log(
    `[figures] launch-token sign-in in a cross-site frame, host page to inbox shown: median ${median(launches)} ms (${launches.join(', ')}); ` +
      `password form (typing by Playwright included): median ${median(passwords)} ms (${passwords.join(', ')}); ratio ${(median(launches) / median(passwords)).toFixed(2)}`,
  );
});
