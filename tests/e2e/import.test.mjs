// End-to-end tests of File › Import data in headless Chromium: a CSV of customers picked through the
// real file chooser is previewed (nothing written), applied with the dialog's Import button and is
// still there after a reload; a malformed file shows its errors with line numbers and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startServer, launchProfile, freshProfileDir, openApp, rectOf, clickItem, stats, waitSaved, visibleLines, waitVisible,
  typeSearch,
} from './harness.mjs';

let server;
let files;
before(async () => {
  server = await startServer();
  files = mkdtempSync(path.join(tmpdir(), 'vastuu-import-'));
});
after(() => {
  if (server) server.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});


// Picks `file` through File › Import data and the browser's real file chooser.
async function pickImport(page, file) {
  await clickItem(page, 'file.menu');
  const chooser = page.waitForEvent('filechooser');
  await clickItem(page, 'file.import');
  await (await chooser).setFiles(file);
}

async function searchCustomers(page, search) {
  await clickItem(page, 'nav.customers');
  await typeSearch(page, 'customers.search', search);
}

async function withPage(body) {
  const profile = freshProfileDir();
  const context = await launchProfile(profile.dir);
  try {
    const { page, errors } = await openApp(context, server.url);
    await body(page);
    assert.deepEqual(errors, [], 'no console errors');
  } finally {
    await context.close().catch(() => {});
    profile.remove();
  }
}

test('a CSV of customers picked in File › Import data is previewed, applied, and still there after a reload', async () => {
  await withPage(async (page) => {
    const names = ['Tuontitesti Äijälä Oy', 'Tuontitesti Öljy-Åberg Ky', 'Tuontitesti Måns Ab'];
    const file = path.join(files, 'asiakkaat.csv');
    // Finnish headers, semicolons and a byte-order mark, as Excel saves "CSV UTF-8" in Finland.
    writeFileSync(file, '\uFEFFAsiakasnumero;Nimi\r\n' +
      names.map((n, i) => `${990101 + i};${n}`).join('\r\n') + '\r\n');
    const before = await stats(page);

    await pickImport(page, file);
    await rectOf(page, 'import.counts.customer', 20000);
    await waitVisible(page, ['asiakkaat.csv', '3 rows read']);
    const lines = await visibleLines(page);
    const at = lines.indexOf('Customers');
    assert.ok(at >= 0, 'the counts table lists customers');
    assert.deepEqual(lines.slice(at + 1, at + 5), ['3', '0', '0', '0'], 'created, updated, unchanged, in conflict');
    assert.equal((await stats(page)).customers, before.customers, 'the preview wrote nothing');

    await clickItem(page, 'import.save');
    await page.waitForFunction(() => !window.vastuu.itemRect('import.save'), null, { timeout: 10000 });
    const after = await stats(page);
    assert.equal(after.customers, before.customers + 3);
    assert.equal(after.canUndo, true);
    await waitVisible(page, ['Imported: 3 new']);
    await waitSaved(page);

    await searchCustomers(page, 'Tuontitesti');
    await waitVisible(page, names);

    await page.reload();
    await page.waitForFunction(() => window.vastuu && window.vastuu.ready, null, { timeout: 30000 });
    await page.evaluate(() => window.vastuu.ready);
    assert.equal((await stats(page)).customers, before.customers + 3, 'the import was saved');
    await searchCustomers(page, 'Tuontitesti');
    await waitVisible(page, names);
  });
});

test('a malformed CSV shows its errors with line numbers; Import stays disabled and nothing changes', async () => {
  await withPage(async (page) => {
    const file = path.join(files, 'rikki.csv');
    writeFileSync(file, 'Asiakasnumero;Nimi\n990201;Hyvä Rivi Oy\n990202;\nei-numero;Väärä Numero Oy\n');
    await waitSaved(page);
    const before = await stats(page);
    const bytesBefore = Buffer.from(await page.evaluate(() => Array.from(window.vastuu.exportDatabase())));

    await pickImport(page, file);
    await rectOf(page, 'import.error_count', 20000);
    await waitVisible(page, ['2 problems:']);
    const lines = await visibleLines(page);
    // Each error row shows its line, the column (in the user's language) and the message.
    const empty = lines.indexOf('This field cannot be empty.');
    assert.ok(empty >= 2, lines.join(' | '));
    assert.deepEqual(lines.slice(empty - 2, empty), ['3', 'Name'], 'the empty name is on line 3');
    const number = lines.findIndex((l) => l.includes('"ei-numero"'));
    assert.ok(number >= 2, lines.join(' | '));
    assert.deepEqual(lines.slice(number - 2, number), ['4', 'Number'], 'the bad number is on line 4');

    await clickItem(page, 'import.save');  // disabled
    await clickItem(page, 'import.cancel');
    await page.waitForFunction(() => !window.vastuu.itemRect('import.cancel'), null, { timeout: 10000 });

    const after = await stats(page);
    assert.equal(after.customers, before.customers);
    assert.equal(after.revision, before.revision);
    assert.equal(after.canUndo, before.canUndo);
    const bytesAfter = Buffer.from(await page.evaluate(() => Array.from(window.vastuu.exportDatabase())));
    assert.ok(bytesAfter.equals(bytesBefore), 'the database is byte for byte unchanged');
  });
});

test('a CSV mixing UTF-8 and Windows-1252 is refused naming the odd line; a Windows-1252 one shows its names and waits for a tick', async () => {
  await withPage(async (page) => {
    await waitSaved(page);
    const before = await stats(page);
    const mixed = path.join(files, 'sekoitus.csv');
    writeFileSync(mixed, Buffer.concat([
      Buffer.from('Asiakasnumero;Nimi\n990301;Sähkö Oy\n990302;Mäkelä Ky\n', 'utf8'),
      Buffer.from('990303;J\xe4rvinen\n', 'latin1'),
      Buffer.from('990304;Öljy Oy\n', 'utf8'),
    ]));
    await clickItem(page, 'lang.fi');
    await pickImport(page, mixed);
    await rectOf(page, 'import.error', 20000);
    await waitVisible(page, ['Tiedostossa on eri merkistöjä: rivi 4 ei ole UTF-8-muotoinen']);
    await clickItem(page, 'import.save');  // disabled: nothing was read
    await clickItem(page, 'import.cancel');
    await page.waitForFunction(() => !window.vastuu.itemRect('import.cancel'), null, { timeout: 10000 });
    assert.equal((await stats(page)).revision, before.revision, 'nothing was written');
    await clickItem(page, 'lang.en');

    const cp1252 = path.join(files, 'vanha.csv');
    writeFileSync(cp1252, Buffer.from('Asiakasnumero;Nimi\r\n990311;S\xe4hk\xf6 Oy\r\n990312;M\xe4kel\xe4 Ky\r\n', 'latin1'));
    await pickImport(page, cp1252);
    await rectOf(page, 'import.warnings_checked', 20000);
    await waitVisible(page, ['Check that the names look right: "Sähkö Oy" (line 2), "Mäkelä Ky" (line 3).']);
    await clickItem(page, 'import.save');  // disabled until the warnings are ticked as checked
    assert.equal((await stats(page)).revision, before.revision, 'Import waits for the tick');
    await clickItem(page, 'import.warnings_checked');
    await clickItem(page, 'import.save');
    await page.waitForFunction(() => !window.vastuu.itemRect('import.save'), null, { timeout: 10000 });
    assert.equal((await stats(page)).customers, before.customers + 2);
    await waitVisible(page, ['Imported: 2 new']);
    await waitSaved(page);
    await searchCustomers(page, 'Sähkö Oy');
    await waitVisible(page, ['Sähkö Oy']);
  });
});
