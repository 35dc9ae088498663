// Team mode with the server out of reach at start-up (issue #15, "Offline and back"), end to end:
// the real vastuu-server on 127.0.0.1 and Debian's Chromium. The page is reloaded while the server
// is stopped: the service worker (web/sw.js) serves the app's files, the app opens the data this
// browser last had (web/team.js keeps it in IndexedDB 'vastuu-team'), says so, and takes changes;
// when the server is back the page catches up by itself and every queued change is applied once.
// A browser restart while the server is away keeps both. Signing out deletes the kept data.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchProfile, freshProfileDir, stats, startTeamServer, acceptInvitation, openTeamPage, exportBytes, sqlOn,
  clickItem } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.VASTUU_SERVER ? path.join(path.dirname(process.env.VASTUU_SERVER), 'vastuu')
  : path.join(root, 'build/native/vastuu');
const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const command = (page, cmd) => page.evaluate((c) => window.vastuu.command(c), cmd);
const waitTeam = (page, predicate, timeout = 30000) => page.waitForFunction(
  new Function(`const t = window.vastuu.stats().team; return t && (${predicate});`), null, { timeout });

// What web/team.js keeps for offline starts: {account id, seq} per record, or [].
const kept = (page) => page.evaluate(() => new Promise((resolve) => {
  const open = indexedDB.open('vastuu-team', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('snapshots');
  open.onsuccess = () => {
    const db = open.result;
    const all = db.transaction('snapshots').objectStore('snapshots').getAll();
    all.onsuccess = () => { db.close(); resolve(all.result.map((r) => ({ id: r.account.id, seq: r.seq, bytes: r.bytes.byteLength }))); };
  };
  open.onerror = () => resolve([]);
}));

const customerNames = (dir, bytes) => sqlOn(dir, bytes, 'SELECT name FROM customer ORDER BY id');

test('offline start: a reload while the server is down opens the kept data, queues changes, and catches up once the server is back', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vastuu-offline-'));
  let server = await startTeamServer(dataDir);
  cleanups.push(async () => { await server.stop(); rmSync(dataDir, { recursive: true, force: true }); });
  const profile = freshProfileDir();
  let context = await launchProfile(profile.dir);
  cleanups.push(async () => { await context.close().catch(() => {}); profile.remove(); });
  let page = await openTeamPage(context, server.url + '#/invite/' + server.invite.split('#/invite/')[1]);
  await acceptInvitation(page, 'admin@example.fi', 'correct horse battery');

  // Online: a change, and the kept copy follows the server's seq (written within a few seconds).
  assert.equal((await command(page, { cmd: 'customer.create', name: 'Verkossa Äijälä Oy' })).ok, true);
  await waitTeam(page, 't.pending === 0');
  const seqOnline = (await stats(page)).team.seq;
  await page.waitForFunction(async (seq) => {
    const records = await new Promise((resolve) => {
      const open = indexedDB.open('vastuu-team', 1);
      open.onsuccess = () => {
        const all = open.result.transaction('snapshots').objectStore('snapshots').getAll();
        all.onsuccess = () => { open.result.close(); resolve(all.result); };
      };
      open.onerror = () => resolve([]);
    });
    return records.length === 1 && records[0].seq >= seq;
  }, seqOnline, { timeout: 20000, polling: 250 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => !!(await caches.match('app.wasm')), null, { timeout: 20000 });

  // The server goes away; the page is reloaded.
  await server.stop();
  await page.reload();
  await page.waitForFunction(() => window.vastuu && window.vastuu.ready, null, { timeout: 30000 });
  await waitTeam(page, "t.phase === 'ready' && t.status === 'offline'");
  const offline = await stats(page);
  assert.equal(offline.team.account.email, 'admin@example.fi');
  assert.equal(offline.team.seq, seqOnline, 'the kept copy is the state the page last had');
  const message = await page.evaluate(() => String(window.vastuu.visibleText()));
  assert.match(message, /The server cannot be reached: showing the data/);
  const dir = mkdtempSync(path.join(tmpdir(), 'vastuu-offline-db-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  assert.ok(customerNames(dir, await exportBytes(page)).includes('Verkossa Äijälä Oy'), 'the kept data is open');

  // Changes made offline wait in the queue.
  const queued = ['Junassa Öljy Oy', 'Junassa Åberg Ab', 'Junassa Kolmas Oy'];
  for (const name of queued) assert.equal((await command(page, { cmd: 'customer.create', name })).ok, true);
  assert.equal((await stats(page)).team.pending, queued.length);

  // The browser is closed and started again, the server still away: the data and the queue are there.
  await context.close();
  context = await launchProfile(profile.dir);
  page = await openTeamPage(context, server.url);
  await waitTeam(page, "t.phase === 'ready' && t.status === 'offline'");
  assert.equal((await stats(page)).team.pending, queued.length, 'the queue survives a browser restart');
  assert.equal((await stats(page)).team.seq, seqOnline);

  // The server is back on the same port: the page reconnects by itself and sends the queue.
  server = await startTeamServer(dataDir, server.port);
  await waitTeam(page, "t.status === 'online' && t.pending === 0", 40000);
  await server.stop();
  const customers = JSON.parse(execFileSync(cli, ['export-json', path.join(dataDir, 'vastuu.sqlite')],
    { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString()).tables.customer;
  const counts = queued.map((n) => customers.filter((c) => c.name === n).length);
  console.log(`# offline start: queued ${queued.length}, present after the server came back ${counts.filter((c) => c >= 1).length}, duplicated ${counts.filter((c) => c > 1).length}, lost ${counts.filter((c) => c === 0).length}`);
  assert.deepEqual(counts, queued.map(() => 1));
  assert.equal(customers.filter((c) => c.name === 'Verkossa Äijälä Oy').length, 1);
  server = await startTeamServer(dataDir, server.port);
  await waitTeam(page, "t.status === 'online'", 40000);

  // Signing out deletes the kept data: the next one to use this browser finds none.
  await clickItem(page, 'signed_in_as');
  await page.waitForFunction(() => window.vastuu.itemPaths().some((p) => p.endsWith('account.sign_out')), null, { timeout: 5000 });
  await clickItem(page, await page.evaluate(() => window.vastuu.itemPaths().find((p) => p.endsWith('account.sign_out'))));
  await waitTeam(page, "t.phase === 'signedOut'");
  await page.waitForFunction(() => localStorage.getItem('vastuu.team.account') === null, null, { timeout: 10000 });
  assert.deepEqual(await kept(page), []);
});
