// Team mode end to end: the real vastuu-server (native build; its path comes from VASTUU_SERVER,
// set by CMake's ctest registration) on 127.0.0.1 with a temporary data folder, and Debian's
// Chromium as two people. The administrator accepts the first invitation link, invites a
// salesperson of one group, who signs in in a second browser; a change by one appears in the other
// within a second; the salesperson never sees another group's customer, not even through fetch and
// WebSocket by hand; a command the server refuses is taken back with its message; and the data and
// the sessions survive a server restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  launchProfile, freshProfileDir, rectOf, clickItem, stats, startTeamServer, typeInto, acceptInvitation,
  openTeamPage,
} from './harness.mjs';

let dataDir;
let server;
const profiles = [];
const contexts = [];
before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vastuu-team-e2e-'));
  server = await startTeamServer(dataDir);
});
after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (server) await server.stop();
  for (const p of profiles) p.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function browser() {
  const profile = freshProfileDir();
  profiles.push(profile);
  const context = await launchProfile(profile.dir);
  contexts.push(context);
  return context;
}

async function waitTeam(page, predicate, arg, timeout = 15000) {
  await page.waitForFunction(new Function('arg', `const t = window.vastuu.stats().team; return t && (${predicate});`), arg,
    { timeout });
}

const command = (page, cmd) => page.evaluate((c) => window.vastuu.command(c), cmd);
const settled = (page) => page.evaluate(() => window.vastuu.waitForSave());
const text = (page) => page.evaluate(() => window.vastuu.visibleText());
// True when the page's local database (its cache) holds `needle` anywhere.
const dbHas = (page, needle) => page.evaluate((n) => new TextDecoder().decode(window.vastuu.exportDatabase()).includes(n), needle);

// Milliseconds until `needle` is in the page's visible text (it must get there within `limit`).
async function msUntilVisible(page, needle, limit = 5000) {
  const start = Date.now();
  await page.waitForFunction((n) => window.vastuu.visibleText().includes(n), needle, { timeout: limit, polling: 10 });
  return Date.now() - start;
}

test('two people edit one dataset live; the salesperson sees only their group; refusals are taken back; a restart keeps everything', async () => {
  assert.ok(server.invite, `the first start printed an invitation link:\n${server.output()}`);
  const password = 'correct horse battery';

  // [1] The administrator accepts the first invitation and lands in the app, online.
  const admin = await browser();
  const a = await openTeamPage(admin, server.url + '#/invite/' + server.invite.split('#/invite/')[1]);
  await acceptInvitation(a, 'admin@example.fi', password);
  assert.equal((await stats(a)).team.account.kind, 'admin');
  assert.equal((await stats(a)).storage, 'server');
  const stores = await a.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.ok(!stores.includes('/data'), `team mode never opens the static app's IndexedDB store: ${stores}`);
  const adminCustomers = (await stats(a)).customers;
  assert.ok(adminCustomers > 10, 'the demo data came with the snapshot');

  // A salesperson of one new group, a customer in that group and one in another group.
  const emp = await command(a, { cmd: 'employee.create', name: 'Sanna Salesperson', email: 'sanna@example.fi' });
  assert.equal(emp.ok, true, JSON.stringify(emp));
  const mine = await command(a, { cmd: 'group.create', name: 'Sanna Group', salesperson_ids: [emp.id] });
  const other = await command(a, { cmd: 'group.create', name: 'Other Group' });
  assert.equal(mine.ok && other.ok, true);
  const visible = await command(a, { cmd: 'customer.create', name: 'Näkyvä Oy', group_id: mine.id });
  const hidden = await command(a, { cmd: 'customer.create', name: 'Salainen Oy', group_id: other.id });
  assert.equal(visible.ok && hidden.ok, true);
  await settled(a);
  assert.equal((await stats(a)).team.pending, 0);

  // [2] The administrator invites her (the API the invitation dialog uses), she signs up in another browser.
  const link = await a.evaluate(async (id) => {
    const r = await fetch('/api/invitations', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Vastuu-Csrf': '1' },
      body: JSON.stringify({ employee_id: id, kind: 'employee' }) });
    return (await r.json()).link;
  }, emp.id);
  assert.match(link, /#\/invite\//);
  const sales = await browser();
  const b = await openTeamPage(sales, server.url + '#/invite/' + link.split('#/invite/')[1]);
  await acceptInvitation(b, 'sanna@example.fi', password);
  const bs = await stats(b);
  assert.equal(bs.team.account.kind, 'employee');
  assert.equal(bs.customers, 1, 'she sees the one customer of her group');
  assert.equal((await rectOf(b, 'signed_in_as')).label, 'Sanna Salesperson');
  assert.ok((await text(b)).includes('Näkyvä Oy'));
  assert.ok(!(await text(b)).includes('Salainen Oy'));

  // [3] Live, both ways, within a second. The administrator's list shows the one customer.
  await typeInto(a, 'customers.search', 'kyv');
  await a.waitForFunction(() => window.vastuu.visibleText().includes('Näkyvä Oy'), null, { timeout: 5000 });
  await command(a, { cmd: 'customer.create', name: 'Uusi Asiakas Oy', group_id: mine.id });
  const toSales = await msUntilVisible(b, 'Uusi Asiakas Oy');
  assert.ok(toSales < 1000, `the administrator's change reached the salesperson in ${toSales} ms`);
  // Through the real UI: she renames her customer in the customer dialog.
  await clickItem(b, `customers.row.${visible.number}`);
  await rectOf(b, 'customer_dialog.name');
  await clickItem(b, 'customer_dialog.name');
  await b.keyboard.press('End');
  await b.keyboard.type(' Ab');
  await clickItem(b, 'customer_dialog.save');
  // From the moment her own view shows it (the local, pending step) to the administrator's view.
  await msUntilVisible(b, 'Näkyvä Oy Ab');
  const toAdmin = await msUntilVisible(a, 'Näkyvä Oy Ab');
  console.log(`live: administrator -> salesperson ${toSales} ms, salesperson -> administrator ${toAdmin} ms`);
  assert.ok(toAdmin < 1000, `the salesperson's change reached the administrator in ${toAdmin} ms`);
  await settled(b);

  // [4] Never another group's customer: not in her database, not in the snapshot, not in the stream,
  // not in the answers to hand-made requests.
  const localBytes = Buffer.from(await b.evaluate(() => Array.from(window.vastuu.exportDatabase())));
  assert.ok(!localBytes.includes('Salainen'), 'the local database has no hidden customer');
  const byHand = await b.evaluate(async ({ hiddenId, since }) => {
    const snap = new Uint8Array(await (await fetch('/api/snapshot')).arrayBuffer());
    const snapText = new TextDecoder('latin1').decode(snap);
    const messages = [];
    const ws = new WebSocket(location.origin.replace('http', 'ws') + '/api/live');
    await new Promise((r) => { ws.onopen = r; });
    ws.onmessage = (e) => messages.push(e.data);
    ws.send(JSON.stringify({ type: 'command', command_id: crypto.randomUUID(), base_seq: since,
      cmd: { cmd: 'customer.update', id: hiddenId, name: 'Hacked Oy' } }));
    ws.send(JSON.stringify({ type: 'hello', since: 0 }));
    await new Promise((r) => setTimeout(r, 1500));
    ws.close();
    return { snapshotHasHidden: snapText.includes('Salainen'), messages };
  }, { hiddenId: hidden.id, since: (await stats(b)).team.seq });
  assert.equal(byHand.snapshotHasHidden, false);
  // A frame holds one message or an array of them (one batch's answers, docs/team-protocol.md).
  const refusedByHand = byHand.messages.flatMap((m) => [].concat(JSON.parse(m))).find((m) => m.type === 'refused');
  assert.ok(refusedByHand, `a hand-made command on the hidden customer is refused: ${byHand.messages.slice(-3)}`);
  assert.ok(!byHand.messages.join('\n').includes('Salainen'), 'nothing in the stream names the hidden customer');
  // A change to the hidden customer while she is connected reaches her as nothing.
  const seqBefore = (await stats(b)).team.seq;
  await command(a, { cmd: 'customer.update', id: hidden.id, name: 'Salainen Uusi Oy' });
  await settled(a);
  await b.waitForFunction((s) => window.vastuu.stats().team.seq > s, seqBefore, { timeout: 5000 });
  assert.ok(!(await text(b)).includes('Salainen'));
  assert.equal((await a.evaluate((id) => window.vastuu.command({ cmd: 'customer.update', id, name: 'Salainen Oy' }), hidden.id)).ok, true);

  // [5] A command the server refuses is taken back in her view, with the server's message. An
  // employee may not change the firm's lists: her local engine adds the employee at once (a pending
  // step, counted in the status line), the server answers access.admin_only.
  const before = (await stats(b)).employees;
  const refused = await command(b, { cmd: 'employee.create', name: 'Väärä Työntekijä' });
  assert.equal(refused.ok, true, 'the local engine accepts it at once (a pending step)');
  await b.waitForFunction((n) => window.vastuu.stats().employees === n && window.vastuu.stats().team.pending === 0, before,
    { timeout: 5000 });
  const error = await b.evaluate(() => window.vastuu.lastError());
  assert.equal(error && error.code, 'access.admin_only');
  await b.waitForFunction((m) => window.vastuu.visibleText().includes(m), error.message, { timeout: 5000 });
  assert.match(error.message, /server refused/);
  assert.ok(!(await dbHas(a, 'Väärä Työntekijä')), 'the refused employee never reached the administrator');

  // [6] The server restarts on the same port: both pages reconnect by themselves (Offline, then
  // Online again), and everything acknowledged is still there, also after a reload.
  const adminCount = (await stats(a)).customers;
  const port = server.port;
  await server.stop();
  await a.waitForFunction(() => window.vastuu.stats().team.status === 'offline', null, { timeout: 10000 });
  // The status line says so on the next frame (the state changes before the frame that shows it).
  await a.waitForFunction(() => window.vastuu.visibleText().includes('Offline'), null, { timeout: 5000 });
  server = await startTeamServer(dataDir, port);
  await waitTeam(a, "t.status === 'online'", null, 30000);
  await waitTeam(b, "t.status === 'online'", null, 30000);
  assert.equal((await stats(a)).customers, adminCount);
  await command(b, { cmd: 'customer.update', id: visible.id, name: 'Näkyvä Oy' });
  await settled(b);
  const start = Date.now();
  await a.waitForFunction(() => { const t = window.vastuu.visibleText(); return t.includes('Näkyvä Oy') && !t.includes('Näkyvä Oy Ab'); },
    null, { timeout: 5000, polling: 10 });
  assert.ok(Date.now() - start < 1000, 'after the restart, changes flow again within a second');
  const a2 = await openTeamPage(admin, server.url);
  await waitTeam(a2, "t.phase === 'ready' && t.status === 'online'");
  assert.equal((await stats(a2)).customers, adminCount);
  assert.ok(await dbHas(a2, 'Uusi Asiakas Oy'));
  assert.ok(await dbHas(a2, 'Sanna Group'));

  await admin.close();
  await sales.close();
});
