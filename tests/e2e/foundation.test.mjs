// End-to-end tests of the foundation in Debian's headless Chromium: start-up, drawing, adding a
// customer through the real UI, persistence across reloads and browser restarts, the xlsx download,
// opening a corrupt database, and the message shown when WebGL2 is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startServer, launchProfile, freshProfileDir, openApp, rectOf, clickItem, stats, waitSaved, waitVisible,
  visibleLines, withProfile,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

// Counts distinct colours in a screenshot, decoded by the browser itself.
async function distinctColours(page) {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  }, png);
}

async function typeText(page, text) {
  // ASCII arrives as real key events; ä, ö and å as inserted text, which the page's hidden text
  // area passes to ImGui (as an IME or a dead key would).
  await page.keyboard.type(text);
}

function sheetXml(file) {
  return execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
}

test('the page loads the demo data with no console errors and draws a non-blank canvas', async () => {
  await withProfile(async (context) => {
    const { page, errors } = await openApp(context, server.url);
    const s = await stats(page);
    assert.equal(s.customers, 300);
    assert.equal(s.employees, 40);
    assert.ok(s.responsibilities > 0, 'demo data has responsibilities');
    assert.equal(s.customerGroups, 8);
    assert.equal(s.specialGroups, 10);
    assert.ok(typeof s.frameCpuMs === 'number' && s.frameCpuMs > 0, `frameCpuMs ${s.frameCpuMs}`);
    assert.ok((await distinctColours(page)) > 8, 'the canvas shows more than a flat colour');
    await waitSaved(page);
    assert.equal((await stats(page)).saveState, 'saved');
    assert.deepEqual(errors, []);
  });
});

test('a customer added by clicking and typing in the UI is still there after a reload and a browser restart', async () => {
  await withProfile(async (context, restart) => {
    let { page, errors } = await openApp(context, server.url);
    const before = (await stats(page)).customers;
    await clickItem(page, 'nav.customers');
    await clickItem(page, 'customers.add');
    await clickItem(page, 'customer_dialog.name');
    await typeText(page, 'Äijälä Testi Oy');
    await clickItem(page, 'customer_dialog.save');
    await page.waitForFunction((n) => window.vastuu.stats().customers === n + 1, before);
    await waitSaved(page);

    const found = async () => {
      await clickItem(page, 'nav.customers');
      await clickItem(page, 'customers.search');
      await typeText(page, 'aijala testi');
      await page.waitForFunction(() => /Äijälä Testi Oy/.test(window.vastuu.visibleText()));
      return page.evaluate(() => window.vastuu.visibleText());
    };

    await page.reload();
    await page.evaluate(() => window.vastuu.ready);
    assert.equal((await stats(page)).customers, before + 1, 'the customer survives a reload');
    assert.match(await found(), /Äijälä Testi Oy/, 'an accent-free search finds it in the list');

    context = await restart();
    ({ page, errors } = await openApp(context, server.url));
    assert.equal((await stats(page)).customers, before + 1, 'the customer survives a browser restart');
    const dump = Buffer.from(await page.evaluate(async () => Array.from(await window.vastuu.exportDatabase())));
    assert.ok(dump.includes(Buffer.from('Äijälä Testi Oy')), 'the database file holds the name in UTF-8');
    assert.deepEqual(errors, []);
  });
});

test('the customers xlsx download holds every customer with its number and name', async () => {
  await withProfile(async (context) => {
    const { page, errors } = await openApp(context, server.url);
    const created = await page.evaluate(() => window.vastuu.command({ cmd: 'customer.create', name: 'Öljynjakelu Åström Oy' }));
    assert.equal(created.ok, true);
    await clickItem(page, 'nav.customers');
    await clickItem(page, 'customers.show_archived');  // the export follows the list's filter
    const download = page.waitForEvent('download');
    await clickItem(page, 'customers.export');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vastuu-dl-')), 'customers.xlsx');
    const d = await download;
    assert.match(d.suggestedFilename(), /\.xlsx$/);
    await d.saveAs(file);
    const xml = sheetXml(file);
    const rows = xml.match(/<row /g) || [];
    assert.equal(rows.length, 301 + 1, 'a header row and one row per customer');
    assert.match(xml, /Öljynjakelu Åström Oy/);
    assert.match(xml, new RegExp(`<v>${created.number}</v>`), 'the number is a number cell');
    assert.deepEqual(errors, []);
  });
});

test('opening a corrupt database file shows an error and changes nothing', async () => {
  await withProfile(async (context) => {
    const { page } = await openApp(context, server.url);
    await waitSaved(page);
    const bytesBefore = Buffer.from(await page.evaluate(async () => Array.from(await window.vastuu.exportDatabase())));
    const statsBefore = await stats(page);

    // A real database file with its middle overwritten, so that its header is fine but its pages are not.
    const corrupt = Buffer.from(bytesBefore);
    corrupt.fill(0x5a, 4096, Math.min(corrupt.length, 4096 * 6));
    const dir = mkdtempSync(path.join(tmpdir(), 'vastuu-bad-'));
    const badFile = path.join(dir, 'broken.sqlite');
    writeFileSync(badFile, corrupt);

    await clickItem(page, 'file.menu');
    const chooser = page.waitForEvent('filechooser');
    await clickItem(page, 'file.open_db');
    await (await chooser).setFiles(badFile);
    await rectOf(page, 'open_db_error.ok', 15000);  // the error dialog is drawn
    const message = await page.evaluate(() => window.vastuu.lastError());
    assert.match(message.code, /^db\./, `the error names a database problem: ${JSON.stringify(message)}`);
    await waitVisible(page, ['"broken.sqlite" was not opened:']);  // the dialog names the picked file
    assert.doesNotMatch(message.message, /\/tmp\//, `no internal path: ${message.message}`);
    // One sentence; SQLite's own text behind a Details toggle, closed at first.
    assert.ok(message.detail && message.detail.length > 0, `the detail holds SQLite's text: ${JSON.stringify(message)}`);
    assert.ok(!message.message.includes(message.detail), 'the detail is not in the sentence');
    assert.equal(await page.evaluate(() => window.vastuu.itemRect('open_db_error.detail')), null, 'Details starts closed');
    await clickItem(page, 'open_db_error.details');
    await rectOf(page, 'open_db_error.detail');
    const firstDetailLine = message.detail.split('\n')[0];
    await waitVisible(page, [firstDetailLine]);
    assert.ok(!(await visibleLines(page)).some((line) => line.includes('/tmp/')), 'no internal path anywhere in the dialog');

    const statsAfter = await stats(page);
    assert.equal(statsAfter.customers, statsBefore.customers);
    const bytesAfter = Buffer.from(await page.evaluate(async () => Array.from(await window.vastuu.exportDatabase())));
    assert.ok(bytesAfter.equals(bytesBefore), 'the current database is byte for byte unchanged');
  });
});

test('without WebGL2 the page says so instead of staying blank', async () => {
  await withProfile(async (context) => {
    const page = context.pages()[0] || (await context.newPage());
    await page.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : original.call(this, kind, ...rest);
      };
    });
    await page.goto(server.url);
    await page.waitForFunction(() => /WebGL/i.test(document.body.innerText), null, { timeout: 20000 });
    const text = await page.evaluate(() => document.body.innerText);
    assert.match(text, /WebGL ?2/i);
  });
});
