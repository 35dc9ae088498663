// End-to-end tests of how browser input reaches the UI (ui/input_pacing.h, web/main_web.cpp), in
// Debian's headless Chromium: cold clicks (the mouse parked elsewhere, moved, pressed and released
// with no delay) and touch taps act on table headers, buttons, cells and checkboxes every time; a
// touch drag scrolls a table without clicking; a long press opens a cell's menu; a tooltip appears
// with the mouse at rest; and at 1024 × 700 the replace dialog keeps Apply on screen after a preview.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchProfile, freshProfileDir, openApp, rectOf, clickItem,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

async function withPage(options, body) {
  const profile = freshProfileDir();
  const context = await launchProfile(profile.dir, options);
  try {
    const { page, errors } = await openApp(context, server.url);
    await body(page, errors);
  } finally {
    await context.close().catch(() => {});
    profile.remove();
  }
}

async function command(page, cmd) {
  const reply = await page.evaluate((c) => window.vastuu.command(c), cmd);
  assert.equal(reply.ok, true, `${cmd.cmd}: ${reply.message}`);
  return reply;
}

// The path among those starting with `prefix` drawn highest (the first row shown), '' for none.
function firstRow(page, prefix) {
  return page.evaluate((p) => {
    let best = '', y = Infinity;
    for (const path of window.vastuu.itemPaths()) {
      if (!path.startsWith(p)) continue;
      const r = window.vastuu.itemRect(path);
      if (r && r.y < y) { y = r.y; best = path; }
    }
    return best;
  }, prefix);
}

async function waitFirstRowNot(page, prefix, before) {
  await page.waitForFunction(([p, b]) => {
    let best = '', y = Infinity;
    for (const path of window.vastuu.itemPaths()) {
      if (!path.startsWith(p)) continue;
      const r = window.vastuu.itemRect(path);
      if (r && r.y < y) { y = r.y; best = path; }
    }
    return best !== '' && best !== b;
  }, [prefix, before], { timeout: 5000 });
  return firstRow(page, prefix);
}

const centre = (r) => [r.x + r.w / 2, r.y + r.h / 2];

test('cold clicks on the customers, employees and persons headers sort every time', async () => {
  await withPage({}, async (page, errors) => {
    for (const [nav, header, rows] of [['nav.customers', 'col.number', 'customers.row.'],
      ['nav.employees', 'col.name', 'employees.row.'], ['nav.persons', 'persons.column.0', 'persons.customer.']]) {
      await clickItem(page, nav);
      await page.waitForFunction((p) => window.vastuu.itemPaths().some((x) => x.startsWith(p)), rows);
      let first = await firstRow(page, rows);
      for (let i = 0; i < 6; ++i) {
        // The mouse rests on a row (another item than the header) until the app stops drawing.
        const row = await rectOf(page, first);
        await page.mouse.move(row.x + 4, row.y + row.h / 2);
        await page.waitForTimeout(120);
        const [x, y] = centre(await rectOf(page, header));
        await page.mouse.click(x, y);  // move, press and release with no delay
        first = await waitFirstRowNot(page, rows, first);
      }
    }
    assert.deepEqual(errors, []);
  });
});

test('touch taps sort a header, press buttons, tick a checkbox and toggle a matrix cell; a drag scrolls', async () => {
  await withPage({ hasTouch: true }, async (page, errors) => {
    // A header.
    let first = await firstRow(page, 'customers.row.');
    await page.touchscreen.tap(...centre(await rectOf(page, 'col.number')));
    first = await waitFirstRowNot(page, 'customers.row.', first);
    // A checkbox: archived customers join the list and the count changes.
    const count = () => page.evaluate(() => window.vastuu.visibleText().split('\n').find((l) => / shown$/.test(l)));
    const shown = await count();
    await page.touchscreen.tap(...centre(await rectOf(page, 'customers.show_archived')));
    await page.waitForFunction((c) => !window.vastuu.visibleText().includes(c), shown, { timeout: 5000 });
    // A button, then the dialog's Cancel.
    await page.touchscreen.tap(...centre(await rectOf(page, 'customers.add')));
    await rectOf(page, 'customer_dialog.cancel', 5000);
    await page.touchscreen.tap(...centre(await rectOf(page, 'customer_dialog.cancel')));
    await page.waitForFunction(() => !window.vastuu.itemRect('customer_dialog.cancel'), null, { timeout: 5000 });

    // A drag on the list scrolls it and opens nothing.
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', {
      type, touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }],
    });
    first = await firstRow(page, 'customers.row.');
    const row = await rectOf(page, first);
    const [sx, sy] = [row.x + row.w / 2, row.y + 300];
    await touch('touchStart', sx, sy);
    for (let i = 1; i <= 10; ++i) await touch('touchMove', sx, sy - i * 25);
    await touch('touchEnd');
    first = await waitFirstRowNot(page, 'customers.row.', first);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.vastuu.itemRect('customer_dialog.save')), null, 'a drag is no click');

    // A matrix cell: a tap toggles it.
    await clickItem(page, 'nav.matrix');
    const cell = await page.waitForFunction(
      () => window.vastuu.itemPaths().filter((p) => p.startsWith('matrix.cell.'))[3], null, { timeout: 15000 })
      .then((h) => h.jsonValue());
    const revision = (await page.evaluate(() => window.vastuu.stats())).revision;
    await page.touchscreen.tap(...centre(await rectOf(page, cell)));
    await page.waitForFunction((r) => window.vastuu.stats().revision === r + 1, revision, { timeout: 5000 });

    // A long press on it is a right click: the cell's menu.
    const [cx, cy] = centre(await rectOf(page, cell));
    await touch('touchStart', cx, cy);
    await page.waitForTimeout(800);
    await touch('touchEnd');
    await rectOf(page, 'matrix.cell_menu.toggle', 5000);
    assert.equal((await page.evaluate(() => window.vastuu.stats())).revision, revision + 1, 'a long press toggles nothing');
    assert.deepEqual(errors, []);
  });
});

test('a tooltip appears while the mouse rests, without moving it again', async () => {
  await withPage({}, async (page, errors) => {
    await command(page, { cmd: 'customer.create', name: 'Vihjeen Testi Oy' });
    const r = await rectOf(page, 'top.undo');
    await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
    await page.waitForFunction(() => window.vastuu.stats().tooltip, null, { timeout: 3000 });
    assert.deepEqual(errors, []);
  });
});

test('at 1024 x 700 the replace dialog keeps Apply inside the window after a long preview', async () => {
  await withPage({ viewport: { width: 1024, height: 700 } }, async (page, errors) => {
    const from = (await command(page, { cmd: 'employee.create', name: 'Lähtijä Qzx' })).id;
    const to = (await command(page, { cmd: 'employee.create', name: 'Tulija Qzx' })).id;
    for (let i = 0; i < 30; ++i) {
      const c = await command(page, { cmd: 'customer.create', name: `Siirto ${i} Oy` });
      await command(page, { cmd: 'responsibility.toggle', employee_id: from, customer_id: c.id });
    }
    await clickItem(page, 'nav.persons');
    await clickItem(page, 'persons.replace');
    await clickItem(page, 'replace.from');
    await rectOf(page, 'replace.from.search');
    await page.waitForTimeout(200);  // the search field takes the keyboard as the list opens
    await page.keyboard.type('Lähtijä Qzx');
    await clickItem(page, `replace.from.${from}`);
    await clickItem(page, 'replace.to');
    await rectOf(page, 'replace.to.search');
    await page.waitForTimeout(200);
    await page.keyboard.type('Tulija Qzx');
    await clickItem(page, `replace.to.${to}`);
    await clickItem(page, 'replace.preview');
    await rectOf(page, 'replace.count');
    for (const path of ['replace.apply', 'replace.cancel', 'replace.preview']) {
      const b = await rectOf(page, path);
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= 1024 && b.y + b.h <= 700, `${path} inside: ${JSON.stringify(b)}`);
    }
    const d = await rectOf(page, 'replace_dialog');
    assert.ok(Math.abs(d.y + d.h / 2 - 350) <= 2, `centred after it grew: ${JSON.stringify(d)}`);
    await clickItem(page, 'replace.apply');
    await page.waitForFunction(() => !window.vastuu.itemRect('replace.apply'), null, { timeout: 5000 });
    assert.deepEqual(errors, []);
  });
});
