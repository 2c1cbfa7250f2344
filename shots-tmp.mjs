import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const run = async (label) => {
  await page.evaluate(axe);
  const r = await page.evaluate(async () => (await window.axe.run()).violations.map((v) => `${v.id} (${v.impact}) x${v.nodes.length}: ${v.nodes.slice(0,4).map(n=>n.target.join(' ')).join(' | ')}`));
  console.log(label, r);
};
for (const q of ['?backend=wasm', '?view=experiments', '?lesson=width&backend=wasm']) {
  await page.goto('http://localhost:4173/' + q);
  await page.waitForTimeout(3000);
  await run(q);
}
await page.goto('http://localhost:4173/?backend=wasm');
await page.waitForTimeout(2000);
const ids = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="open-"]')].map((e) => e.dataset.testid));
console.log(ids);
for (const id of ids) {
  await page.goto('http://localhost:4173/?backend=wasm');
  await page.waitForTimeout(1500);
  await page.getByTestId(id).click();
  await page.waitForTimeout(1500);
  await run(id);
}
await browser.close();
