// End-to-end tests of customer groups in headless Chromium, through real clicks and typing: a group
// made in the dialog with two customers shows in the customers list, its "Customers" button
// downloads a workbook with exactly them, deleting it (after the confirmation) sends them to
// "No group", which a reload still shows; and a customer's name opens its card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startServer, launchProfile, freshProfileDir, openApp, rectOf, clickItem, stats, waitSaved, visibleLines, waitVisible,
  typeSearch,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

const paths = (page, prefix) => page.evaluate((p) => window.vastuu.itemPaths().filter((x) => x.startsWith(p)), prefix);

// Shows only the customers whose name matches `search` in the customers view.
async function searchCustomers(page, search) {
  await clickItem(page, 'nav.customers');
  await typeSearch(page, 'customers.search', search);
}

// The group cell of a customer's row in the customers list: a row notes its name, its number,
// then its group.
async function groupShownFor(page, name) {
  const lines = await visibleLines(page);
  const at = lines.indexOf(name);
  assert.ok(at >= 0, `${name} is listed`);
  return lines[at + 2];
}

test('a group made through the UI with two customers can be exported and deleted; they show No group after a reload', async () => {
  const profile = freshProfileDir();
  const context = await launchProfile(profile.dir);
  try {
    const { page, errors } = await openApp(context, server.url);
    const names = ['Ryhmätesti Ääriviiva Oy', 'Ryhmätesti Öljy Ky'];
    const made = [];
    for (const name of names) {
      const r = await page.evaluate((n) => window.vastuu.command({ cmd: 'customer.create', name: n }), name);
      assert.equal(r.ok, true);
      made.push(r);
    }
    const groupsBefore = (await stats(page)).customerGroups;

    // Create the group: Basics, then Customers with a search and two ticks.
    await clickItem(page, 'nav.groups');
    await page.waitForFunction((n) => window.vastuu.itemPaths().filter((p) => p.startsWith('groups.row.')).length === n,
      groupsBefore);
    const rowsBefore = await paths(page, 'groups.row.');
    await clickItem(page, 'groups.add');
    await clickItem(page, 'group_dialog.name');
    await page.keyboard.type('Testiryhmä Åland');
    await clickItem(page, 'group_dialog.tab.customers');
    await waitVisible(page, ['one group at a time']);
    await clickItem(page, 'group_dialog.customer_search');
    await page.keyboard.type('ryhmatesti');  // accent-free search finds "Ryhmätesti"
    for (const c of made) await clickItem(page, `group_dialog.customer.${c.id}`);
    await waitVisible(page, ['2 selected']);
    await clickItem(page, 'group_dialog.save');
    await page.waitForFunction((n) => window.vastuu.stats().customerGroups === n + 1, groupsBefore);
    await page.waitForFunction(() => !window.vastuu.itemRect('group_dialog.save'));
    await waitSaved(page);
    const added = (await paths(page, 'groups.row.')).filter((p) => !rowsBefore.includes(p));
    assert.equal(added.length, 1, 'one new row in the groups list');
    const groupId = added[0].slice('groups.row.'.length);
    await waitVisible(page, ['Testiryhmä Åland']);

    // The customers list shows both in the group.
    await searchCustomers(page, 'ryhmatesti');
    await waitVisible(page, [...names, '2 customers shown']);
    for (const name of names) assert.equal(await groupShownFor(page, name), 'Testiryhmä Åland');

    // The group's "Customers" button downloads its customers.
    await clickItem(page, 'nav.groups');
    const download = page.waitForEvent('download');
    await clickItem(page, `groups.export.${groupId}`);
    const d = await download;
    assert.match(d.suggestedFilename(), /^customers-Testiryhmä Åland\.xlsx$/);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vastuu-group-')), 'group.xlsx');
    await d.saveAs(file);
    // Strings are written inline (constant-memory mode), so the sheet XML holds the names.
    const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    const rows = xml.match(/<row [\s\S]*?<\/row>/g) || [];
    assert.equal(rows.length, 3, 'a header row and the two customers');
    for (const [i, c] of made.entries()) {
      const row = rows.find((r) => r.includes(`<v>${c.number}</v>`));
      assert.ok(row, `a row with the number ${c.number} as a number cell`);
      assert.ok(row.includes(names[i]), `${names[i]} on its row`);
      assert.ok(row.includes('Testiryhmä Åland'), 'the group on the row');
    }

    // Delete it through its confirmation.
    await clickItem(page, `groups.delete.${groupId}`);
    await rectOf(page, 'groups.confirm_delete');
    await waitVisible(page, ['Its 2 customers go to "No group"']);
    await clickItem(page, 'groups.confirm_delete');
    await page.waitForFunction((n) => window.vastuu.stats().customerGroups === n, groupsBefore);
    await page.waitForFunction((p) => !window.vastuu.itemRect(p), `groups.row.${groupId}`);  // gone from the list
    await waitSaved(page);

    await page.reload();
    await page.evaluate(() => window.vastuu.ready);
    assert.equal((await stats(page)).customerGroups, groupsBefore, 'the deletion survives a reload');
    await searchCustomers(page, 'ryhmatesti');
    await waitVisible(page, [...names, '2 customers shown']);
    for (const name of names) assert.equal(await groupShownFor(page, name), 'No group');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    profile.remove();
  }
});

test('a click on a customer name opens its card with number and name, and Close closes it', async () => {
  const profile = freshProfileDir();
  const context = await launchProfile(profile.dir);
  try {
    const { page, errors } = await openApp(context, server.url);
    const c = await page.evaluate(() => window.vastuu.command({ cmd: 'customer.create', name: 'Korttitesti Äyräs Oy' }));
    assert.equal(c.ok, true);
    await searchCustomers(page, 'korttitesti');
    await clickItem(page, `customers.name.${c.number}`);
    await rectOf(page, 'card.close');
    await waitVisible(page, [`${c.number}  Korttitesti Äyräs Oy`, 'Responsible persons']);
    assert.equal(await page.evaluate(() => window.vastuu.itemRect('customer_dialog.save')), null,
      'the name opens the card, not the edit dialog');
    await clickItem(page, 'card.close');
    await page.waitForFunction(() => !window.vastuu.itemRect('card.close'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    profile.remove();
  }
});
