// The browser part of the benchmark suite (bench/run.mjs imports run()): Debian's headless Chromium
// through playwright-core, with the end-to-end tests' launch flags and dev server (tests/e2e/harness.mjs).
//   - navigation to the first frame (window.vastuu.ready), cold (a fresh profile: the first visit,
//     seeding the demo data) and warm (the same profile, reloaded);
//   - the scale dataset opened with window.vastuu.openDatabase, then the matrix at 1920×1080 scrolled
//     with real mouse wheel events: the CPU time of every frame drawn (vastuu.stats().frameCpuMs read
//     right after each frame), p50 and p95 per round of scrolling;
//   - the wasm heap after loading the scale dataset (vastuu.stats().heapBytes).
//   - the persons-in-charge xlsx export of all 250,000 rows, clicked in the UI: the CPU time of the
//     frame that runs it.
//   - saving at scale (web/page_store.js): the whole file written once after it was opened; single
//     cell toggles and 10,000-cell bulk edits from the commit to "Saved" (waitForSave) and the bytes
//     each save wrote (vastuu.stats().store.lastSaveBytes); then the page reloaded with the scale
//     dataset in storage: navigation to the first frame, the time the store took to read it, and
//     how much of that start-up waited for (the read overlaps the wasm module's compilation).
// Returns { figureName: {median, min, max, runs} }; a real error (the app fails to start, a database
// is refused) throws, a slow figure never does.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

// A customer and an employee of the scale dataset, and the 100 × 100 block of a bulk edit, chosen
// with Debian's sqlite3 (the ids are whatever `vastuu demo --scale` gave them).
function scaleIds(scaleDb) {
  const q = (sql) => execFileSync('sqlite3', ['-batch', scaleDb, sql], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  return {
    customers: q('SELECT id FROM customer WHERE archived = 0 ORDER BY id LIMIT 2000'),
    employees: q('SELECT id FROM employee WHERE archived = 0 ORDER BY id LIMIT 200'),
  };
}
import { startServer, launchProfile, freshProfileDir } from '../tests/e2e/harness.mjs';

function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}

function percentile(samples, p) {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
}

// Records performance.now() (milliseconds since the navigation started) when window.vastuu.ready
// resolves, however early that is, by catching post.js's assignment of window.vastuu.
const readyProbe = () => {
  Object.defineProperty(window, 'vastuu', {
    configurable: true,
    enumerable: true,
    get() { return undefined; },
    set(api) {
      Object.defineProperty(window, 'vastuu', { value: api, writable: true, configurable: true, enumerable: true });
      api.ready.then(() => { window.__benchFirstFrameMs = performance.now(); },
        (e) => { window.__benchStartError = String(e && e.message || e); });
    },
  });
};

async function firstFrameMs(page) {
  const handle = await page.waitForFunction(() => window.__benchFirstFrameMs || window.__benchStartError, null,
    { timeout: 60000 });
  const value = await handle.jsonValue();
  if (typeof value !== 'number') throw new Error(`the app did not start in Chromium: ${value}`);
  return value;
}

async function rectOf(page, itemPath, timeout = 30000) {
  const handle = await page.waitForFunction((p) => window.vastuu && window.vastuu.itemRect(p), itemPath, { timeout });
  return handle.jsonValue();
}

export function chromiumVersion() {
  try {
    const text = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 20000, stdio: ['ignore', 'pipe', 'ignore'] });
    return text.trim().split('\n').pop();
  } catch {
    return 'unknown';
  }
}

export async function run({ runs, scaleDb, log = console.log }) {
  const figures = {};
  const server = await startServer();
  try {
    // [SECTION] Navigation to the first frame, cold and warm
    log('bench: browser, first frame cold and warm');
    const cold = [];
    for (let i = 0; i < runs; i++) {
      const profile = freshProfileDir();
      const context = await launchProfile(profile.dir, { viewport: { width: 1920, height: 1080 } });
      try {
        await context.addInitScript(readyProbe);
        const page = context.pages()[0] || (await context.newPage());
        await page.goto(server.url);
        cold.push(await firstFrameMs(page));
        await page.evaluate(() => window.vastuu.waitForSave());
      } finally {
        await context.close();
        profile.remove();
      }
    }
    figures.first_frame_cold_ms_chromium = summary(cold);

    const profile = freshProfileDir();
    const context = await launchProfile(profile.dir, { viewport: { width: 1920, height: 1080 } });
    try {
      await context.addInitScript(readyProbe);
      const page = context.pages()[0] || (await context.newPage());
      const errors = [];
      page.on('pageerror', (err) => errors.push(String(err)));
      await page.goto(server.url);
      await firstFrameMs(page);
      await page.evaluate(() => window.vastuu.waitForSave());
      const warm = [];
      for (let i = 0; i < runs; i++) {
        await page.reload();
        warm.push(await firstFrameMs(page));
      }
      figures.first_frame_warm_ms_chromium = summary(warm);

      // [SECTION] The scale dataset, served to the page from memory, opened as File › Open would
      log('bench: browser, opening the scale dataset');
      const bytes = readFileSync(scaleDb);
      await page.route('**/bench-scale.sqlite', (route) =>
        route.fulfill({ status: 200, contentType: 'application/octet-stream', body: bytes }));
      const opened = await page.evaluate(async () => {
        const data = new Uint8Array(await (await fetch('bench-scale.sqlite')).arrayBuffer());
        const start = performance.now();
        const reply = window.vastuu.openDatabase(data);
        return { reply, ms: performance.now() - start };
      });
      if (!opened.reply || !opened.reply.ok) throw new Error(`the scale dataset was refused: ${JSON.stringify(opened.reply)}`);
      const loaded = await page.evaluate(() => window.vastuu.stats());
      if (loaded.customers !== 50000 || loaded.responsibilities < 250000)
        throw new Error(`the scale dataset did not load: ${JSON.stringify(loaded)}`);
      figures.open_scale_database_ms_chromium = summary([opened.ms]);
      await page.evaluate(() => window.vastuu.waitForSave());
      const full = await page.evaluate(() => window.vastuu.stats().store);
      if (!full || !full.lastSaveFull) throw new Error(`the opened file was not saved whole: ${JSON.stringify(full)}`);
      figures.save_whole_file_scale_ms_chromium = summary([full.lastSaveMs]);
      figures.save_whole_file_scale_kib_chromium = summary([full.lastSaveBytes / 1024]);

      // [SECTION] Saving at scale: a change committed to "Saved", and the bytes that save wrote
      log('bench: browser, saving single toggles and bulk edits at scale');
      const ids = scaleIds(scaleDb);
      // Runs `command` and times it from its return (committed) to waitForSave() (stored). It starts
      // once the page has drawn the previous change's frames (no new frame for 150 ms): in software
      // WebGL on this machine a frame can hold IndexedDB's answer up by a few hundred ms, which is
      // the drawing's cost, not the save's (back-to-back figures would measure the frames).
      const settle = () => page.waitForFunction(() => {
        const s = window.vastuu.stats();
        const now = performance.now();
        if (window.__benchLastFrames !== s.frames) { window.__benchLastFrames = s.frames; window.__benchFramesAt = now; }
        return now - window.__benchFramesAt > 150;
      }, null, { polling: 25, timeout: 10000 });
      const timedSave = async (command) => { await settle(); return page.evaluate(async (c) => {
        const start = performance.now();
        const reply = window.vastuu.command(c);
        const committed = performance.now();
        if (!reply.ok) return { error: JSON.stringify(reply) };
        await window.vastuu.waitForSave();
        const saved = performance.now();
        const s = window.vastuu.stats().store;
        return { commitMs: committed - start, saveMs: saved - committed, bytes: s.lastSaveBytes, full: s.lastSaveFull };
      }, command); };
      const toggleMs = [], toggleBytes = [];
      for (let i = 0; i < runs * 4; i++) {
        const r = await timedSave({ cmd: 'responsibility.toggle', customer_id: ids.customers[(i * 7919) % ids.customers.length],
          employee_id: ids.employees[(i * 104729) % ids.employees.length] });
        if (r.error || r.full) throw new Error(`a toggle's save: ${JSON.stringify(r)}`);
        toggleMs.push(r.saveMs);
        toggleBytes.push(r.bytes / 1024);
      }
      figures.toggle_saved_after_commit_scale_ms_chromium = summary(toggleMs);
      figures.toggle_save_written_scale_kib_chromium = summary(toggleBytes);
      const bulkMs = [], bulkBytes = [];
      for (let i = 0; i < runs; i++) {
        const customers = ids.customers.slice(i * 100, i * 100 + 100);
        const employees = ids.employees.slice((i % 2) * 100, (i % 2) * 100 + 100);
        const r = await timedSave({ cmd: 'responsibility.set_many', responsible: true, customer_ids: customers, employee_ids: employees });
        if (r.error || r.full) throw new Error(`a bulk edit's save: ${JSON.stringify(r)}`);
        bulkMs.push(r.saveMs);
        bulkBytes.push(r.bytes / 1024);
        await page.evaluate(() => { window.vastuu.command({ cmd: 'undo' }); return window.vastuu.waitForSave(); });
      }
      figures.bulk_edit_10000_cells_saved_after_commit_scale_ms_chromium = summary(bulkMs);
      figures.bulk_edit_10000_cells_save_written_scale_kib_chromium = summary(bulkBytes);

      // [SECTION] Reopening the app with the scale dataset in storage (first frame, store read)
      log('bench: browser, reloading with the scale dataset in storage');
      // loadMs: the store's read (IndexedDB, assembling the file, putting it into /data); it runs
      // while the wasm module compiles, and loadWaitMs is the part start-up waited for after that.
      const reloadMs = [], loadMs = [], waitMs = [];
      for (let i = 0; i < runs; i++) {
        await page.reload();
        reloadMs.push(await firstFrameMs(page));
        const s = await page.evaluate(() => window.vastuu.stats());
        if (s.customers !== 50000) throw new Error(`the scale dataset was not read back from storage: ${s.customers} customers`);
        loadMs.push(s.store.loadMs);
        waitMs.push(s.store.loadWaitMs);
      }
      await page.waitForFunction(() => window.vastuu.stats().role === 'writer', null, { timeout: 20000 });
      figures.first_frame_scale_in_storage_ms_chromium = summary(reloadMs);
      figures.store_read_scale_ms_chromium = summary(loadMs);
      figures.store_read_waited_scale_ms_chromium = summary(waitMs);

      // [SECTION] The matrix at 1920×1080, scrolled with the mouse wheel
      log('bench: browser, scrolling the matrix at scale');
      const nav = await rectOf(page, 'nav.matrix');
      await page.mouse.click(nav.x + nav.w / 2, nav.y + nav.h / 2);
      await page.waitForFunction(() => window.vastuu.itemPaths().some((p) => p.startsWith('matrix.cell.')), null,
        { timeout: 60000 });
      figures.wasm_heap_mb_after_scale_chromium = summary([(await page.evaluate(() => window.vastuu.stats().heapBytes)) / 2 ** 20]);
      // Every frame's CPU time, read right after the frame function returns (the reading itself
      // is outside the measured span). Module is the page's Emscripten module object.
      await page.evaluate(() => {
        window.__benchFrames = [];
        const frame = Module._vastuu_frame;
        Module._vastuu_frame = function () {
          const flags = frame.apply(this, arguments);
          if (window.__benchFrames) window.__benchFrames.push(window.vastuu.stats().frameCpuMs);
          return flags;
        };
      });
      const cell = await page.evaluate(() => window.vastuu.itemPaths().filter((p) => p.startsWith('matrix.cell.'))[0]);
      const over = await rectOf(page, cell);
      await page.mouse.move(960, Math.max(over.y + 200, 500));
      const p50 = [], p95 = [], counts = [];
      for (let round = 0; round < runs; round++) {
        await page.evaluate(() => { window.__benchFrames = []; });
        for (let i = 0; i < 60; i++) {
          // Mostly down, every fourth event sideways (shift+wheel scrolls the grid horizontally too).
          if (i % 4 === 3) await page.mouse.wheel(240, 0);
          else await page.mouse.wheel(0, round % 2 ? -360 : 360);
          await page.waitForTimeout(16);
        }
        await page.waitForTimeout(300);
        const samples = await page.evaluate(() => window.__benchFrames);
        if (samples.length < 30) throw new Error(`only ${samples.length} frames were drawn while scrolling`);
        p50.push(percentile(samples, 0.5));
        p95.push(percentile(samples, 0.95));
        counts.push(samples.length);
      }
      figures.matrix_frame_p50_ms_wasm = summary(p50);
      figures.matrix_frame_p95_ms_wasm = summary(p95);
      figures.matrix_frames_per_scroll_round_chromium = summary(counts);

      // [SECTION] The persons-in-charge export of every row (archived and project ones too), as the
      // user clicks it: the export runs inside one frame, so that frame's CPU time is its cost.
      log('bench: browser, exporting every person in charge at scale');
      const click = async (item) => {
        const r = await rectOf(page, item, 60000);
        await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2, { delay: 50 });
        return r;
      };
      await click('nav.persons');
      await click('persons.show_archived');
      await click('persons.show_projects');
      await page.waitForFunction(() => {
        // "N of M responsibilities shown" (or "N / M vastuuta näkyvissä"): all of at least 250,000 listed
        return window.vastuu.visibleText().split('\n').some((line) => {
          const n = line.match(/^(\d+) (?:of|\/) (\d+) /);
          return n && n[1] === n[2] && Number(n[1]) >= 250000;
        });
      }, null, { timeout: 60000 });
      const exportMs = [];
      for (let i = 0; i < runs; i++) {
        const before = await page.evaluate(() => { window.__benchFrames = []; return window.vastuu.lastDownload(); });
        await click('persons.export');
        await page.waitForFunction((b) => {
          const d = window.vastuu.lastDownload();
          return d && d !== b && (!b || d.size !== b.size || window.__benchFrames.length > 0) && d.size > 1e6;
        }, before, { timeout: 120000 });
        await page.waitForTimeout(100);
        exportMs.push(Math.max(...(await page.evaluate(() => window.__benchFrames))));
      }
      figures.persons_xlsx_export_all_250k_ms_chromium = summary(exportMs);
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    } finally {
      await context.close();
      profile.remove();
    }
  } finally {
    server.stop();
  }
  return figures;
}
