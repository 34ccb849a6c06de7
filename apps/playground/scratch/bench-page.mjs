import { chromium } from 'playwright-core';
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-webgpu', '--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.evaluate(() => window.__playground.ready);
for (const be of (process.argv[3] ?? 'cpu,wasm,webgpu').split(',')) {
  const r = await page.evaluate(async (be) => {
    const app = window.__playground.app;
    await app.apply({ ...app.cfg, backend: be });
    const s = app.session;
    const out = { backend: app.stats().backend };
    for (const [label, n] of [['warm', 50], ['run', 400]]) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) s.trainStep();
      const t1 = performance.now();
      await (await import('/@id/__x00__none').catch(() => null), s.evaluate());
      const t2 = performance.now();
      out[label] = { dispatchMs: (t1 - t0) / n, totalStepsPerS: (n / (t2 - t0)) * 1000 };
    }
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await s.evaluate();
    out.evalMs = (performance.now() - t0) / 10;
    return out;
  }, be);
  console.log(JSON.stringify(r));
}
await browser.close();
