// Shared by the team-mode fault tests (team_faults*.test.mjs): a loopback TCP proxy that can hold or
// drop a browser's traffic, browsers on fresh profiles, the real vastuu-server with a data folder,
// sign-up through an invitation, and the server's database read back with the command-line tool.
// Everything a helper starts is stopped by runCleanups() (each test file calls it in after()).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchProfile, freshProfileDir, stats, startTeamServer, acceptInvitation, openTeamPage } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = process.env.VASTUU_SERVER ? path.join(path.dirname(process.env.VASTUU_SERVER), 'vastuu')
  : path.join(root, 'build/native/vastuu');
export const password = 'correct horse battery';

const cleanups = [];
export function onCleanup(f) { cleanups.push(f); }
export async function runCleanups() { for (const c of cleanups.splice(0).reverse()) await c(); }

// A loopback TCP proxy to `port`: hold() buffers what either side sends, release() passes it on in
// order, drop() closes every connection at once.
export function startProxy(port) {
  const pairs = new Set();
  let held = false;
  const queue = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    const forward = (from, to) => from.on('data', (d) => {
      if (held) queue.push(() => { if (!to.destroyed) to.write(d); });
      else if (!to.destroyed) to.write(d);
    });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => { pairs.delete(pair); client.destroy(); upstream.destroy(); };
    for (const s of [client, upstream]) { s.on('error', end); s.on('close', end); }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    hold() { held = true; },
    release() { held = false; for (const f of queue.splice(0)) f(); },
    drop() { for (const p of [...pairs]) { p.client.destroy(); p.upstream.destroy(); } pairs.clear(); },
    close() { this.drop(); return new Promise((r) => server.close(() => r())); },
  })));
}

// A browser on a fresh profile (its own cookies and storage), closed by runCleanups().
export async function browser() {
  const profile = freshProfileDir();
  const context = await launchProfile(profile.dir);
  onCleanup(async () => { await context.close().catch(() => {}); profile.remove(); });
  return context;
}

export const command = (page, cmd) => page.evaluate((c) => window.vastuu.command(c), cmd);
export const team = async (page) => (await stats(page)).team;
export const waitTeam = (page, predicate, timeout = 30000) => page.waitForFunction(
  new Function(`const t = window.vastuu.stats().team; return t && (${predicate});`), null, { timeout });

// The server's database as the CLI exports it (after the server has stopped).
export function exported(dataDir) {
  return JSON.parse(execFileSync(cli, ['export-json', path.join(dataDir, 'vastuu.sqlite')],
    { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
}

// The real server on a fresh data folder (or `dataDir`); `state.server` is replaced on a restart,
// and the cleanup stops whichever runs then.
export async function teamServer({ dataDir = null, extra = [] } = {}) {
  const own = !dataDir;
  const dir = dataDir || mkdtempSync(path.join(tmpdir(), 'vastuu-faults-'));
  const server = await startTeamServer(dir, 0, extra);
  const state = { dataDir: dir, server, extra };
  onCleanup(async () => { await state.server.stop(); if (own) rmSync(dir, { recursive: true, force: true }); });
  return state;
}

export async function signUp(context, url, link, email) {
  const page = await openTeamPage(context, url + '#/invite/' + link.split('#/invite/')[1]);
  await acceptInvitation(page, email, password);
  return page;
}

// A new administrator's invitation link, asked for by a signed-in administrator's page.
export function inviteAdmin(page) {
  return page.evaluate(async () => {
    const r = await fetch('/api/invitations', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Vastuu-Csrf': '1' },
      body: JSON.stringify({ employee_id: 0, kind: 'admin' }) });
    return (await r.json()).link;
  });
}

// The queued commands a page keeps in browser storage ({command_id, cmd, base_seq}), every tab's.
export function storedQueue(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vastuu.team.pending.'))
    .flatMap((k) => JSON.parse(localStorage.getItem(k))));
}

// Rows of `sql` run by the sqlite3 shell on a database file (tab-separated fields).
export function sqlRows(file, sql) {
  return execFileSync('sqlite3', ['-batch', '-separator', '\t', file, sql], { encoding: 'utf8' })
    .split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}
