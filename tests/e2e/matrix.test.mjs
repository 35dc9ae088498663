// End-to-end tests of the responsibilities matrix in headless Chromium: a real click on a cell
// toggles a responsibility that survives a reload, Ctrl+Z undoes it, and the grid draws.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  root, startServer, launchProfile, freshProfileDir, openApp, rectOf, clickItem, stats, waitSaved,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

// The first drawn cell path of the grid ("matrix.cell.<row>.<employee>").
async function firstCell(page) {
  const handle = await page.waitForFunction(
    () => window.vastuu.itemPaths().filter((p) => p.startsWith('matrix.cell.'))[5], null, { timeout: 15000 });
  return handle.jsonValue();
}

test('clicking a matrix cell toggles a responsibility that survives a reload; Ctrl+Z undoes it', async () => {
  const profile = freshProfileDir();
  const context = await launchProfile(profile.dir, { viewport: { width: 1600, height: 900 } });
  try {
    const { page, errors } = await openApp(context, server.url);
    await clickItem(page, 'nav.matrix');
    const cell = await firstCell(page);
    const before = (await stats(page)).responsibilities;

    await clickItem(page, cell);
    await page.waitForFunction((n) => window.vastuu.stats().responsibilities !== n, before);
    const afterClick = (await stats(page)).responsibilities;
    assert.equal(Math.abs(afterClick - before) >= 1, true, 'one click changes the cell');
    await waitSaved(page);

    await page.reload();
    await page.evaluate(() => window.vastuu.ready);
    assert.equal((await stats(page)).responsibilities, afterClick, 'the change survives a reload');

    await clickItem(page, 'nav.matrix');
    await rectOf(page, cell);
    await page.keyboard.press('Control+z');
    // Undo after a reload has no history in memory: the click is undone only within a session, so
    // click again and undo that instead.
    await clickItem(page, cell);
    await page.waitForFunction((n) => window.vastuu.stats().responsibilities !== n, afterClick);
    await page.keyboard.press('Control+z');
    await page.waitForFunction((n) => window.vastuu.stats().responsibilities === n, afterClick);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    profile.remove();
  }
});

test('the matrix grid draws cells, headers and the filter bar', async () => {
  const profile = freshProfileDir();
  const context = await launchProfile(profile.dir, { viewport: { width: 1600, height: 900 } });
  try {
    const { page, errors } = await openApp(context, server.url);
    await clickItem(page, 'nav.matrix');
    await firstCell(page);
    for (const p of ['matrix.search', 'matrix.count', 'matrix.projects', 'matrix.export']) await rectOf(page, p);
    const png = await page.screenshot();
    const dir = path.join(root, 'tests/e2e/artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'matrix.png'), png);
    const colours = await page.evaluate(async (b64) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const seen = new Set();
      for (let i = 0; i < data.length; i += 4 * 5) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    }, png.toString('base64'));
    assert.ok(colours > 20, `the grid shows text and cell states (${colours} colours)`);
    assert.ok((await stats(page)).frameCpuMs < 200);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    profile.remove();
  }
});
