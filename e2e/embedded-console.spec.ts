import { expect, test } from '@playwright/test';
import { createErpOrder, signIn, waitForRecommendation, apiAs } from './helpers';

// The console lives in a Perspective Inline Frame on a tablet: it must fit.
for (const size of [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
]) {
  test(`the console fits an iframe at ${size.width}×${size.height}`, async ({ page }) => {
    const erpOrderId = await createErpOrder();
    const rec = await waitForRecommendation(await apiAs('admin'), erpOrderId);
    await page.setViewportSize(size);
    await signIn(page, 'supervisor');
    for (const path of ['/inbox', `/recommendations/${rec.id}`]) {
      await page.goto('/api/health');
      await page.setContent(`<body style="margin:0"><iframe id="f" src="${path}" style="border:0;width:${size.width}px;height:${size.height}px"></iframe></body>`);
      const frame = page.frameLocator('#f');
      await expect(frame.getByText(erpOrderId).first()).toBeVisible();
      const handle = await page.$('#f');
      const content = await handle!.contentFrame();
      const overflow = await content!.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
  });
}
