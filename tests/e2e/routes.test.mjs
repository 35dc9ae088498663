// End-to-end tests of URLs and Back (App::route, web/pre.js) in headless Chromium: every view, its
// main filters and an open card have a URL fragment; Back and Forward move between views and cards;
// a reload and a pasted link open the same place.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchProfile, freshProfileDir, openApp, rectOf, clickItem, stats, waitSaved,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

async function withPage(body) {
  const profile = freshProfileDir();
  const context = await launchProfile(profile.dir);
  try {
    const { page, errors } = await openApp(context, server.url);
    await body(page, errors, context);
  } finally {
    await context.close().catch(() => {});
    profile.remove();
  }
}

const hash = (page) => page.evaluate(() => location.hash);
async function waitHash(page, wanted) {
  await page.waitForFunction((w) => location.hash === w, wanted, { timeout: 5000 })
    .catch(async () => assert.fail(`hash is ${await hash(page)}, wanted ${wanted}`));
}
async function waitView(page, view) {
  await page.waitForFunction((v) => window.vastuu.stats().view === v, view, { timeout: 5000 });
}

test('Back and Forward move between views and cards; the address names each place', async () => {
  await withPage(async (page, errors) => {
    await waitHash(page, '#/customers');
    await clickItem(page, 'nav.persons');
    await waitHash(page, '#/persons');
    await clickItem(page, 'nav.matrix');
    await waitHash(page, '#/matrix');
    await page.goBack();
    await waitView(page, 'persons');
    await waitHash(page, '#/persons');
    await page.goForward();
    await waitView(page, 'matrix');
    await page.goBack();
    await page.goBack();
    await waitView(page, 'customers');

    // A card: a new place; Back closes it and stays in the app.
    const name = await page.waitForFunction(
      () => window.vastuu.itemPaths().find((p) => p.startsWith('customers.name.')), null, { timeout: 5000 })
      .then((h) => h.jsonValue());
    await clickItem(page, name);
    await rectOf(page, 'card.close');
    assert.match(await hash(page), /^#\/customers\/customer\/\d+$/);
    const cardUrl = page.url();
    await page.goBack();
    await page.waitForFunction(() => !window.vastuu.itemRect('card.close'), null, { timeout: 5000 });
    await waitHash(page, '#/customers');
    await page.goForward();
    await rectOf(page, 'card.close', 5000);
    assert.equal(page.url(), cardUrl);
    // Closing the card with its button steps back to where it was opened: no extra entry (the
    // card's entry replaced the persons and matrix ones after them, as a new place does).
    await clickItem(page, 'card.close');
    await waitHash(page, '#/customers');
    await page.waitForFunction(() => history.state && history.state.depth === 0, null, { timeout: 5000 });
    assert.deepEqual(errors, []);
  });
});

test('a reload and a pasted link open the same view, filters and card', async () => {
  await withPage(async (page, errors) => {
    await clickItem(page, 'customers.search');
    await page.keyboard.type('Oy');
    await clickItem(page, 'customers.show_archived');
    await waitHash(page, '#/customers?q=Oy&archived=1');
    const countLine = () => page.evaluate(() => window.vastuu.visibleText().split('\n').find((l) => / shown$/.test(l)));
    await page.waitForTimeout(300);  // the list follows the ticked box on the next frame
    const before = await countLine();
    await waitSaved(page);
    await page.reload();
    await page.waitForFunction(() => window.vastuu && window.vastuu.ready, null, { timeout: 30000 });
    await page.evaluate(() => window.vastuu.ready);
    await waitHash(page, '#/customers?q=Oy&archived=1');
    await page.waitForFunction((c) => window.vastuu.visibleText().includes(c), before, { timeout: 20000 });

    const employee = (await page.evaluate(() => window.vastuu.command({ cmd: 'employee.create', name: 'Linkki Testaaja' }))).id;
    await waitSaved(page);
    const card = await page.evaluate(() => window.vastuu.command({ cmd: 'customer.create', name: 'Linkin Kohde Oy' }));
    await waitSaved(page);
    await page.goto('about:blank');  // a pasted link: a fresh load of the page
    await page.goto(`${server.url}#/persons/customer/${card.id}?employee=${employee}`);
    await page.waitForFunction(() => window.vastuu && window.vastuu.ready, null, { timeout: 30000 });
    await page.evaluate(() => window.vastuu.ready);
    await waitView(page, 'persons');
    await rectOf(page, 'card.close', 10000);
    assert.equal(await hash(page), `#/persons/customer/${card.id}?employee=${employee}`);
    assert.deepEqual(errors, []);
  });
});
