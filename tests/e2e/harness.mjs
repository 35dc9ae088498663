// Shared set-up for the browser end-to-end tests: serves the built app (build/web/dist) with the
// project's own dev server, launches Debian's Chromium through playwright-core, and gives tests
// small helpers that act through real mouse and keyboard events at rectangles the app reports.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const dist = process.env.VASTUU_DIST || path.join(root, 'build/web/dist');

// Flags that give headless Chromium WebGL2 through SwiftShader and keep it off the network (TOOLCHAIN.md).
export const chromiumArgs = [
  '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync',
];

// Starts web/dev_server.mjs on a free port; resolves to { url, stop() }.
export async function startServer(dir = dist) {
  if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`no built app in ${dir}: run ./build.sh web`);
  const child = spawn(process.execPath, [path.join(root, 'web/dev_server.mjs'), dir, '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dev server printed no URL: ${out}`)), 10000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/?/);
      if (m) { clearTimeout(timer); resolve(m[0].endsWith('/') ? m[0] : m[0] + '/'); }
    });
    child.on('exit', (code) => reject(new Error(`dev server exited with ${code}: ${out}`)));
  });
  return { url, stop: () => child.kill() };
}

// A persistent browser profile in a fresh folder, so IndexedDB survives page reloads and, by
// closing and relaunching with the same folder, browser restarts.
export async function launchProfile(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    viewport: options.viewport || { width: 1280, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor || 1,
    hasTouch: Boolean(options.hasTouch),
    acceptDownloads: true,
  });
}

export function freshProfileDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'vastuu-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Opens the app and waits for window.vastuu.ready; collects console errors and page errors.
export async function openApp(context, url) {
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  await page.waitForFunction(() => window.vastuu && window.vastuu.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.vastuu.ready);
  return { page, errors };
}

// The rectangle of a UI item (CSS pixels) by its automation path, waiting until it is drawn and
// has stopped moving (the same on two polls an animation frame apart: a dialog that just grew
// settles over a few frames).
let rectWaits = 0;
export async function rectOf(page, itemPath, timeout = 10000) {
  const token = `__vastuuRect${++rectWaits}`;
  const handle = await page.waitForFunction(([p, key]) => {
    const r = window.vastuu.itemRect(p);
    const now = r ? JSON.stringify(r) : null;
    const before = window[key];
    window[key] = now;
    // Stable over two polls, and nothing left to draw: input still queued (keys typed into a
    // search that will move the rows) would make the rectangle stale.
    return r && now === before && window.vastuu.settled() ? r : null;
  }, [itemPath, token], { timeout });
  return handle.jsonValue();
}

// Clicks the centre of a UI item with real mouse events.
export async function clickItem(page, itemPath) {
  const r = await rectOf(page, itemPath);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

export async function stats(page) {
  return page.evaluate(() => window.vastuu.stats());
}

export async function waitSaved(page) {
  await page.evaluate(() => window.vastuu.waitForSave());
}

// The lines of text the app shows that tests may look for (window.vastuu.visibleText()).
export function visibleLines(page) {
  return page.evaluate(() => window.vastuu.visibleText().split('\n'));
}

// Waits until the visible text has every one of `texts`.
export async function waitVisible(page, texts, timeout = 15000) {
  await page.waitForFunction((all) => all.every((t) => window.vastuu.visibleText().includes(t)), texts, { timeout });
}

// Team mode: the real vastuu-server (native build; its path comes from VASTUU_SERVER, set by CMake's
// ctest registration) serving the built app with a data folder.
const serverBinary = process.env.VASTUU_SERVER || path.join(root, 'build/native/vastuu-server');

// Starts `vastuu-server serve` on a free port; resolves to { url, invite, stop() } once it is ready.
// `extra`: more arguments for serve (['--empty']).
export function startTeamServer(dataDir, port = 0, extra = []) {
  if (!existsSync(serverBinary)) throw new Error(`no vastuu-server at ${serverBinary}: build the native target (or set VASTUU_SERVER)`);
  const child = spawn(serverBinary, ['serve', '--data', dataDir, '--port', String(port), '--static', dist, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (chunk) => { out += chunk; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vastuu-server did not get ready: ${out}`)), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!/vastuu-server: ready/.test(out)) return;
      clearTimeout(timer);
      const url = out.match(/on (http:\/\/127\.0\.0\.1:\d+)\/?/)[1] + '/';
      const listening = Number(url.match(/:(\d+)\/$/)[1]);
      const invite = (out.match(/(http:\/\/\S+\/#\/invite\/\S+)/) || [])[1] || null;
      resolve({
        url, port: listening, invite, output: () => out,
        // Resolves at once for a server that already exited (a failed restart must not hang the suite).
        stop: (signal = 'SIGTERM') => new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) { done(); return; }
          child.once('exit', done);
          child.kill(signal);
        }),
      });
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`vastuu-server exited with ${code}: ${out}`)); });
  });
}

// [SECTION] Shared by the test files
// A fresh persistent profile for `body(context, restart)`, closed and removed afterwards.
// `restart()` closes the browser and launches it again on the same profile folder (a browser
// restart), resolving to the new context.
export async function withProfile(body, options = {}) {
  const profile = freshProfileDir();
  let context = await launchProfile(profile.dir, options);
  try {
    await body(context, async () => {
      await context.close();
      context = await launchProfile(profile.dir, options);
      return context;
    });
  } finally {
    await context.close().catch(() => {});
    profile.remove();
  }
}

// withProfile() with the app open at `url`: body(page, errors, context).
export async function withPage(url, body, options = {}) {
  await withProfile(async (context) => {
    const { page, errors } = await openApp(context, url);
    await body(page, errors, context);
  }, options);
}

// Clicks a text field and types into it.
export async function typeInto(page, itemPath, text) {
  await clickItem(page, itemPath);
  await page.keyboard.type(text);
}

// Replaces what a view's search field holds by `text` and waits until the view has it: the URL
// fragment's `q` is the view's search (ui/app_route.cpp). Under load a Ctrl+A can reach the app
// before the click has made the field active, so the field is emptied with Backspace, as many as
// the fragment says it holds, and the whole is tried again if the fragment does not follow.
export async function typeSearch(page, itemPath, text) {
  const query = () => page.evaluate(() => new URLSearchParams(location.hash.split('?')[1] || '').get('q') || '');
  const reaches = (want) => page.waitForFunction((w) =>
    (new URLSearchParams(location.hash.split('?')[1] || '').get('q') || '') === w, want, { timeout: 5000 })
    .then(() => true, () => false);
  for (let attempt = 0; ; ++attempt) {
    await clickItem(page, itemPath);
    await page.keyboard.press('End');
    for (let n = [...(await query())].length; n > 0; --n) await page.keyboard.press('Backspace');
    if (await reaches('')) {
      await page.keyboard.type(text);
      if (await reaches(text)) return;
    }
    if (attempt === 2) throw new Error(`the search field ${itemPath} did not take "${text}" (it holds "${await query()}")`);
  }
}

export async function waitWriter(page) {
  await page.waitForFunction(() => window.vastuu.stats().role === 'writer', null, { timeout: 20000 });
}

// Bytes cross between node and the page as base64: a function to evaluate in the page.
export const toBase64InPage = `(bytes) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}`;
// The app's database file as it is in memory now.
export async function exportBytes(page) {
  return Buffer.from(await page.evaluate(`(${toBase64InPage})(window.vastuu.exportDatabase())`), 'base64');
}

// Runs `sql` with the sqlite3 shell on a copy of `bytes` in `dir`; its output lines.
let sqlFiles = 0;
export function sqlOn(dir, bytes, sql) {
  const file = path.join(dir, `db-${++sqlFiles}.sqlite`);
  writeFileSync(file, bytes);
  const out = execFileSync('sqlite3', ['-batch', '-separator', '\t', file, sql], { encoding: 'utf8' });
  rmSync(file, { force: true });
  return out.split('\n').filter((l) => l.length > 0);
}

// Team mode: opens `url` and waits for the first frame (the sign-in or invitation screen comes first).
export async function openTeamPage(context, url) {
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(url);
  await page.waitForFunction(() => window.vastuu && window.vastuu.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.vastuu.ready);
  return page;
}

// Team mode: fills in the invitation screen and waits until the app is ready and online.
export async function acceptInvitation(page, email, password) {
  await rectOf(page, 'invite.email', 20000);
  await typeInto(page, 'invite.email', email);
  await typeInto(page, 'invite.password', password);
  await typeInto(page, 'invite.password_again', password);
  await clickItem(page, 'invite.submit');
  await page.waitForFunction(() => {
    const t = window.vastuu.stats().team;
    return t && t.phase === 'ready' && t.status === 'online';
  }, null, { timeout: 15000 });
}
