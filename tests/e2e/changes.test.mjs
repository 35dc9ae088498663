// The administrator's Changes view end to end, in team mode: the real vastuu-server and two
// Chromium users. A salesperson makes changes in her browser (she is offered no Changes view and no
// "+ Employee"); the administrator opens Changes, picks her in the person filter and downloads the
// Excel file, whose rows are exactly her changes, newest first, with who, action, what and changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  dataDir = mkdtempSync(path.join(tmpdir(), 'vastuu-changes-e2e-'));
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
  const context = await launchProfile(profile.dir, { viewport: { width: 1600, height: 900 } });
  contexts.push(context);
  return context;
}

async function command(page, cmd) {
  const reply = await page.evaluate((c) => window.vastuu.command(c), cmd);
  assert.equal(reply.ok, true, `${cmd.cmd}: ${JSON.stringify(reply)}`);
  return reply;
}
const settled = (page) => page.evaluate(() => window.vastuu.waitForSave());
const waitText = (page, t, timeout = 10000) =>
  page.waitForFunction((x) => window.vastuu.visibleText().includes(x), t, { timeout });

// The rows of the first worksheet as arrays of cell texts (inline or shared strings).
function sheetRows(file) {
  const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  let shared = [];
  try {
    const sst = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    shared = [...sst.matchAll(/<si>(.*?)<\/si>/gs)].map((m) => [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''));
  } catch { /* constant-memory workbooks write inline strings only */ }
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((row) =>
    [...row[1].matchAll(/<c [^>]*?(?:t="(\w+)")?[^>]*>(.*?)<\/c>/gs)].map(([, type, body]) => {
      if (type === 's') return shared[Number((body.match(/<v>([^<]*)<\/v>/) || [])[1])] || '';
      const t = body.match(/<t[^>]*>([^<]*)<\/t>/);
      return unescape(t ? t[1] : (body.match(/<v>([^<]*)<\/v>/) || [, ''])[1]);
    }));
}

test('the administrator filters the Changes view by a person and downloads exactly her changes as Excel', async () => {
  assert.ok(server.invite, `the first start printed an invitation link:\n${server.output()}`);
  const password = 'correct horse battery';
  const admin = await browser();
  const a = await openTeamPage(admin, server.url + '#/invite/' + server.invite.split('#/invite/')[1]);
  await acceptInvitation(a, 'admin@example.fi', password);

  // A salesperson with a group and a customer, invited and signed in in a second browser.
  const emp = await command(a, { cmd: 'employee.create', name: 'Sanna Östman', email: 'sanna@example.fi' });
  const group = await command(a, { cmd: 'group.create', name: 'Sannan ryhmä', salesperson_ids: [emp.id] });
  const customer = await command(a, { cmd: 'customer.create', name: 'Äijälä Muutos Oy', group_id: group.id });
  await settled(a);
  const link = await a.evaluate(async (id) => {
    const r = await fetch('/api/invitations', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Vastuu-Csrf': '1' },
      body: JSON.stringify({ employee_id: id, kind: 'employee' }) });
    return (await r.json()).link;
  }, emp.id);
  const sales = await browser();
  const b = await openTeamPage(sales, server.url + '#/invite/' + link.split('#/invite/')[1]);
  await acceptInvitation(b, 'sanna@example.fi', password);

  // She is offered neither the Changes view nor "+ Employee" (the server would refuse it).
  assert.equal(await b.evaluate(() => window.vastuu.itemRect('nav.changes')), null);
  await clickItem(b, 'nav.employees');
  await rectOf(b, 'employees.add');
  await clickItem(b, 'employees.add');
  assert.equal(await b.evaluate(() => window.vastuu.itemRect('employee_dialog.name')), null, 'no employee dialog for her');

  // Her two changes, through the server.
  await command(b, { cmd: 'customer.update', id: customer.id, name: 'Äijälä Muutos Oyj' });
  await command(b, { cmd: 'project.create', customer_id: customer.id, name: 'Tilinpäätös 2026' });
  await settled(b);
  assert.equal((await stats(b)).team.pending, 0);

  // The administrator: Changes, the person filter, her name picked from the list.
  await clickItem(a, 'nav.changes');
  await a.waitForFunction(() => window.vastuu.stats().view === 'changes');
  await waitText(a, 'Tilinpäätös 2026');  // her changes reached the administrator's view
  await clickItem(a, 'changes.who');
  await rectOf(a, 'changes.who.search');
  await a.keyboard.type('Sanna');
  let picked = null;
  for (let tries = 0; tries < 50 && !picked; ++tries) {
    picked = await a.evaluate(() => {
      for (let i = 0; i < 50; ++i) {
        const r = window.vastuu.itemRect(`changes.who.${i}`);
        if (r && r.label === 'Sanna Östman') return `changes.who.${i}`;
      }
      return null;
    });
    if (!picked) await a.waitForTimeout(100);
  }
  assert.ok(picked, 'her name is in the person filter');
  await clickItem(a, picked);
  await waitText(a, '2 changes');

  const download = a.waitForEvent('download');
  await clickItem(a, 'changes.export');
  const d = await download;
  assert.equal(d.suggestedFilename(), 'changes.xlsx');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'vastuu-dl-')), 'changes.xlsx');
  await d.saveAs(file);
  const rows = sheetRows(file);
  assert.deepEqual(rows[0], ['Time (UTC)', 'Who', 'Action', 'What', 'Changes']);
  assert.equal(rows.length, 3, `a header and her two changes: ${JSON.stringify(rows)}`);
  assert.deepEqual(rows.slice(1).map((r) => r[1]), ['Sanna Östman', 'Sanna Östman']);
  assert.deepEqual(rows.slice(1).map((r) => r[2]), ['add project', 'edit customer'], 'newest first');
  assert.match(rows[1][3], /^Project .*Tilinpäätös 2026$/);
  assert.equal(rows[1][4], 'created');
  assert.equal(rows[2][3], 'Customer Äijälä Muutos Oyj');
  assert.equal(rows[2][4], 'Name: Äijälä Muutos Oy → Äijälä Muutos Oyj');
  assert.match(rows[1][0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
});
