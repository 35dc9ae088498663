// Team mode under faults (issue #15), end to end: the real vastuu-server on 127.0.0.1, Debian's
// Chromium, and a small TCP proxy inside this test between a browser and the server that can hold
// traffic (both directions wait) or drop every connection (the network fails mid-command).
// - The server is killed with SIGKILL while a browser writes, and restarted; the connection drops
//   mid-command: every command is in the server's database exactly once (counts printed).
// - Two administrators: a cell both set while one is cut off ends as one responsibility; a rename
//   of a name the other changed meanwhile is refused naming who; undo takes back only one's own step.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { stats, startTeamServer } from './harness.mjs';
import { startProxy, browser, command, team, waitTeam, exported, teamServer, signUp, inviteAdmin, onCleanup, runCleanups }
  from './team_tools.mjs';

after(runCleanups);

test('faults: SIGKILL of the server mid-write and a dropped connection mid-command lose nothing and apply nothing twice', async () => {
  const t = await teamServer();
  const proxy = await startProxy(t.server.port);
  onCleanup(() => proxy.close());
  const page = await signUp(await browser(), proxy.url, t.server.invite, 'admin@example.fi');

  const names = [];
  let unackedAtKill = 0;
  let queuedOffline = 0;
  for (let i = 0; i < 60; ++i) {
    const name = `Vikatesti ${String(i).padStart(2, '0')} Öy`;
    names.push(name);
    const r = await command(page, { cmd: 'customer.create', name });
    assert.equal(r.ok, true, JSON.stringify(r));
    if (i === 19) {
      // SIGKILL while commands are on their way: no goodbye, no flush.
      unackedAtKill = (await team(page)).pending;
      await t.server.stop('SIGKILL');
    }
    if (i > 19 && i < 35) queuedOffline += 1;
    if (i === 34) t.server = await startTeamServer(t.dataDir, t.server.port);
    if (i === 47) proxy.drop();  // the network drops mid-command
    await new Promise((r) => setTimeout(r, 15));
  }
  await waitTeam(page, "t.status === 'online' && t.pending === 0", 60000);
  const cache = await page.evaluate(() => new TextDecoder().decode(window.vastuu.exportDatabase()));
  await t.server.stop();

  const customers = exported(t.dataDir).tables.customer;
  const counts = new Map(names.map((n) => [n, 0]));
  for (const c of customers) if (counts.has(c.name)) counts.set(c.name, counts.get(c.name) + 1);
  const present = [...counts.values()].filter((n) => n >= 1).length;
  const duplicated = [...counts.values()].filter((n) => n > 1).length;
  const lost = [...counts.values()].filter((n) => n === 0).length;
  console.log(`# faults: commands sent ${names.length}, unacknowledged at SIGKILL ${unackedAtKill}, queued while the server was down ${queuedOffline}, ` +
    `acknowledged ${names.length} (none pending), present after recovery ${present}, duplicated ${duplicated}, lost ${lost}`);
  assert.equal(duplicated, 0);
  assert.equal(lost, 0);
  assert.equal(present, names.length);
  for (const n of names) assert.ok(cache.includes(n), `the page's cache follows the server: ${n}`);
  t.server = await startTeamServer(t.dataDir, t.server.port);  // for the cleanup's stop()
});

test('two administrators: a cell both set ends as one responsibility; a rename of a changed name is refused naming who; undo is per person', async () => {
  const t = await teamServer();
  const proxy = await startProxy(t.server.port);
  onCleanup(() => proxy.close());
  const a = await signUp(await browser(), t.server.url, t.server.invite, 'aino@example.fi');
  const link = await inviteAdmin(a);
  const b = await signUp(await browser(), proxy.url, link, 'bertta@example.fi');

  const emp = await command(a, { cmd: 'employee.create', name: 'Åke Ääninen' });
  const customer = await command(a, { cmd: 'customer.create', name: 'Riitaisa Oy' });
  const other = await command(a, { cmd: 'customer.create', name: 'Toinen Oy' });
  assert.equal(emp.ok && customer.ok && other.ok, true);
  await waitTeam(a, 't.pending === 0');
  const seq = (await team(a)).seq;
  await waitTeam(b, `t.seq >= ${seq}`);

  // Bertta is cut off (her traffic waits in the proxy) while both make the same cell responsible
  // and both rename the customer.
  proxy.hold();
  const cell = { cmd: 'responsibility.toggle', employee_id: emp.id, customer_id: customer.id };
  assert.equal((await command(b, cell)).ok, true);
  assert.equal((await command(b, { cmd: 'customer.update', id: customer.id, name: 'Bertan Riitaisa Oy' })).ok, true);
  assert.equal((await command(a, cell)).ok, true);
  assert.equal((await command(a, { cmd: 'customer.update', id: customer.id, name: 'Ainon Riitaisa Oy' })).ok, true);
  await waitTeam(a, 't.pending === 0');
  proxy.release();
  await waitTeam(b, 't.pending === 0 && t.status === "online"');
  const refused = (await team(b)).refused;
  assert.equal(refused.length, 1, `one refusal, the rename: ${JSON.stringify(refused)}`);
  assert.equal(refused[0].code, 'sync.conflict');
  assert.match(refused[0].message, /aino@example\.fi/);
  await b.waitForFunction((m) => window.vastuu.visibleText().includes(m), refused[0].message.slice(0, 40), { timeout: 5000 });
  await waitTeam(b, `t.seq === ${(await team(a)).seq}`);
  assert.equal((await stats(a)).responsibilities, (await stats(b)).responsibilities, 'both caches hold one responsibility');

  // Undo per person: Bertta renames the other customer; Aino's undo takes back her own rename only.
  assert.equal((await command(b, { cmd: 'customer.update', id: other.id, name: 'Bertan Toinen Oy' })).ok, true);
  await waitTeam(b, 't.pending === 0');
  await a.waitForFunction(() => window.vastuu.stats().canUndo, null, { timeout: 5000 });
  assert.equal((await command(a, { cmd: 'undo' })).ok, true);
  await waitTeam(a, 't.pending === 0');
  await waitTeam(b, `t.seq === ${(await team(a)).seq}`);
  await t.server.stop();
  const tables = exported(t.dataDir).tables;
  const pairs = tables.responsibility.filter((r) => r.employee_id === emp.id && r.customer_id === customer.id);
  assert.equal(pairs.length, 1, 'one responsibility for the cell both set');
  assert.equal(tables.customer.find((c) => c.id === customer.id).name, 'Riitaisa Oy');
  assert.equal(tables.customer.find((c) => c.id === other.id).name, 'Bertan Toinen Oy');
  t.server = await startTeamServer(t.dataDir, t.server.port);
});

test('faults: changes queued while the connection is down survive a reload of the page and are applied once', async () => {
  const t = await teamServer();
  const proxy = await startProxy(t.server.port);
  onCleanup(() => proxy.close());
  const page = await signUp(await browser(), proxy.url, t.server.invite, 'admin@example.fi');
  const names = ['Jonotettu Äijälä Oy', 'Jonotettu Öljy Oy', 'Jonotettu Åberg Ab', 'Jonotettu Neljäs Oy', 'Jonotettu Viides Oy'];
  proxy.hold();  // what the page sends now never reaches the server
  for (const name of names) assert.equal((await command(page, { cmd: 'customer.create', name })).ok, true);
  assert.equal((await team(page)).pending, names.length);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vastuu.team.pending.'))
    .map((k) => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0));
  assert.equal(kept, names.length, 'the queue is in browser storage');
  proxy.drop();     // the connection is gone, and the held commands with it
  proxy.release();
  await page.reload();
  await page.waitForFunction(() => window.vastuu && window.vastuu.ready, null, { timeout: 30000 });
  await waitTeam(page, "t.phase === 'ready' && t.status === 'online' && t.pending === 0", 30000);
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vastuu.team.pending.')).length);
  assert.equal(left, 0, 'nothing is kept once the server has every command');
  await t.server.stop();
  const customers = exported(t.dataDir).tables.customer;
  const counts = names.map((n) => customers.filter((c) => c.name === n).length);
  console.log(`# reload: queued ${names.length}, present after the reload ${counts.filter((c) => c >= 1).length}, duplicated ${counts.filter((c) => c > 1).length}, lost ${counts.filter((c) => c === 0).length}`);
  assert.deepEqual(counts, names.map(() => 1));
  t.server = await startTeamServer(t.dataDir, t.server.port);
});
