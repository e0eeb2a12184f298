// Polls until fn returns a truthy value; throws after the timeout with the last error seen.
export async function until<T>(what: string, fn: () => Promise<T>, timeout = 30_000): Promise<T> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** First run: the app asks who is reviewing before anything else; gives it a name. */
export async function nameReviewer(page: import('playwright-core').Page, name = 'Alice Martin'): Promise<void> {
  const dialog = page.getByTestId('first-run');
  await dialog.waitFor({ timeout: 30_000 });
  await page.getByTestId('first-run-name').fill(name);
  await page.getByTestId('first-run-save').click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
}
