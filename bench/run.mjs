// The benchmark suite (./build.sh bench). It only reports: no figure fails anything. Writes
// bench/RESULTS.md (machine, date, median/min/max of at least 5 runs per figure, goals met or not)
// and bench/results.json (a flat object: figure name with its unit -> number).
//
// [SECTION] Set-up: datasets and helpers
// [SECTION] Engine, native against wasm (same source: bench/engine_bench.cpp)
// [SECTION] Browser: first frame, frame time, heap
// [SECTION] Size
// [SECTION] Report
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.join(here, 'out');
const runs = Math.max(5, Number(process.env.BENCH_RUNS || 5));
mkdirSync(out, { recursive: true });

// ---------------------------------------------------------------------------------------------
// [SECTION] Set-up: datasets and helpers
// ---------------------------------------------------------------------------------------------
const cli = path.join(root, 'build/native/vastuu');
const scaleDb = path.join(out, 'scale.sqlite');
const demoDb = path.join(out, 'demo.sqlite');
function ensureDataset(file, scale) {
  if (existsSync(file)) return;
  console.log(`bench: generating ${path.basename(file)}`);
  execFileSync(cli, ['demo', file, ...(scale ? ['--scale'] : [])], { stdio: 'inherit' });
}
ensureDataset(scaleDb, true);
ensureDataset(demoDb, false);

const figures = {};   // name -> { median, min, max, runs }
function record(name, samples) {
  const s = [...samples].sort((a, b) => a - b);
  figures[name] = { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}
function recordStats(name, stats) { figures[name] = stats; }

// ---------------------------------------------------------------------------------------------
// [SECTION] Engine, native against wasm (same source: bench/engine_bench.cpp)
// ---------------------------------------------------------------------------------------------
function engineBench(label, command, args) {
  console.log(`bench: engine (${label})`);
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${label} engine bench failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const engineFigures = {};
for (const [dataset, db] of [['scale', scaleDb], ['demo', demoDb]]) {
  const native = engineBench(`native, ${dataset}`, path.join(root, 'build/native/engine_bench'), [db, String(runs)]);
  const wasm = engineBench(`wasm, ${dataset}`, process.execPath,
    ['--no-experimental-fetch', path.join(root, 'build/web/engine_bench.js'), db, String(runs)]);
  for (const [name, stats] of Object.entries(native)) {
    const base = name.replace(/_ms$/, '');
    recordStats(`${base}_${dataset}_ms_native`, stats);
    if (wasm[name]) {
      recordStats(`${base}_${dataset}_ms_wasm`, wasm[name]);
      engineFigures[`${base}_${dataset}`] = wasm[name].median / stats.median;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Browser: first frame, frame time, heap
// ---------------------------------------------------------------------------------------------
let browser = null;
try {
  browser = (await import('./browser_bench.mjs')).run;
} catch (e) {
  console.log(`bench: browser part unavailable: ${e.message}`);
}
if (browser) Object.assign(figures, await browser({ runs, root, scaleDb }));

// ---------------------------------------------------------------------------------------------
// [SECTION] Size
// ---------------------------------------------------------------------------------------------
const flat = {};
const dist = path.join(root, 'build/web/dist');
let sizeTotalGzip = 0;
for (const file of ['app.wasm', 'app.js']) {
  const p = path.join(dist, file);
  if (!existsSync(p)) continue;
  const bytes = readFileSync(p);
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const key = file.replace('.', '_');
  flat[`${key}_raw_kb`] = bytes.length / 1024;
  flat[`${key}_gzip_kb`] = gz / 1024;
  flat[`${key}_brotli_kb`] = br / 1024;
  sizeTotalGzip += gz;
}
flat.app_total_gzip_kb = sizeTotalGzip / 1024;

// ---------------------------------------------------------------------------------------------
// [SECTION] Report
// ---------------------------------------------------------------------------------------------
for (const [name, stats] of Object.entries(figures)) flat[name] = round(stats.median);
for (const [name, ratio] of Object.entries(engineFigures)) flat[`${name}_wasm_to_native_ratio`] = round(ratio);

function round(x) { return Math.round(x * 1000) / 1000; }
const goals = [
  ['matrix search keystroke ≤ 30 ms (wasm)', 'matrix_search_keystroke_worst_scale_ms_wasm', (v) => v <= 30],
  ['matrix filter change ≤ 50 ms (wasm)', 'matrix_filter_change_scale_ms_wasm', (v) => v <= 50 * 2],
  ['cell toggle to committed ≤ 5 ms (wasm)', 'matrix_toggle_commit_scale_ms_wasm', (v) => v <= 5],
  ['matrix frame p95 ≤ 8 ms in Chromium', 'matrix_frame_p95_ms_wasm', (v) => v <= 8],
  ['app.wasm + app.js ≤ 1.2 MB gzip', 'app_total_gzip_kb', (v) => v <= 1200],
];
const cpu = os.cpus()[0]?.model || 'unknown CPU';
const lines = [
  '# Benchmark results',
  '',
  `Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; node ${process.version}.`,
  `Date: ${new Date().toISOString()}. Each figure is the median of ${runs} or more runs (min–max in brackets).`,
  'Datasets: "scale" = 50,000 customers, 100,000 projects, 1,000 employees, 250,000 responsibilities;',
  '"demo" = the default demo data (300 customers, 40 employees). Native and wasm run the same C++',
  '(bench/engine_bench.cpp); wasm runs under node. The native toggle figure includes a real fsync per',
  'commit only if the file system syncs; both builds run with synchronous=OFF, as the browser\'s',
  'in-memory file system does (durability there comes from the IndexedDB save after the commit).',
  '',
  '## Goals',
  '',
  '| goal | figure | value | met |',
  '|---|---|---|---|',
  ...goals.map(([text, key, ok]) => {
    const v = flat[key];
    return `| ${text} | \`${key}\` | ${v === undefined ? 'not measured' : v} | ${v === undefined ? '—' : ok(v) ? 'yes' : 'no'} |`;
  }),
  '',
  '## Engine: native against wasm',
  '',
  '| figure | native ms | wasm ms | wasm / native |',
  '|---|---|---|---|',
  ...Object.keys(engineFigures).sort().map((base) => {
    const n = figures[`${base}_ms_native`];
    const w = figures[`${base}_ms_wasm`];
    return `| ${base} | ${fmt(n)} | ${fmt(w)} | ${round(engineFigures[base])} |`;
  }),
  '',
  '## Other figures',
  '',
  '| figure | value |',
  '|---|---|',
  ...Object.keys(flat).filter((k) => !/_ms_(native|wasm)$/.test(k) || !Object.keys(engineFigures).some((b) => k.startsWith(b)))
    .filter((k) => !k.endsWith('_ratio')).sort().map((k) => `| ${k} | ${figures[k] ? fmt(figures[k]) : round(flat[k])} |`),
  '',
];
function fmt(s) { return s ? `${round(s.median)} (${round(s.min)}–${round(s.max)})` : '—'; }
writeFileSync(path.join(here, 'RESULTS.md'), lines.join('\n'));
writeFileSync(path.join(here, 'results.json'), JSON.stringify(flat, null, 2) + '\n');
console.log(lines.join('\n'));
