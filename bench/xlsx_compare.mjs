// xlsx export against what a web developer would pick instead: SheetJS (npm xlsx) and ExcelJS,
// writing the same persons-in-charge rows (every customer and project responsibility, archived ones
// too, with the same nine columns) that Vastuu's libxlsxwriter writes, as wasm under node and natively
// (engine_bench --persons-xlsx). Each tool runs in its own process under /usr/bin/time, so its peak
// memory is its own; the time is the writing only (reading the rows is not timed for any tool). Each
// file is checked to open: every zip member's CRC, the workbook's sheet, and a full XML parse of the
// sheet counting its rows (bench/check_xlsx.py).
//
//   node xlsx_compare.mjs --tool sheetjs|exceljs --db scale.sqlite --out file.xlsx   (one run, prints JSON)
//   import { compareXlsx } from './xlsx_compare.mjs'                                 (the suite)
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

// The listing's columns in the seed's order, as the engine's persons-in-charge export has them when
// project rows are shown.
const HEADERS = ['Customer name', 'Project', 'Customer group', 'Person in charge', 'E-mail address',
  'Seller information', 'From', 'To', 'Customer role'];
const QUERY = `
  SELECT c.name AS customer, ifnull(p.name, '') AS project, ifnull(g.name, '') AS grp, e.name AS person, e.email AS email,
         e.seller_info AS seller, r.valid_from AS vfrom, r.valid_to AS vto, ifnull(ro.name, '') AS role
  FROM responsibility r
  LEFT JOIN project p ON p.id = r.project_id
  JOIN customer c ON c.id = coalesce(r.customer_id, p.customer_id)
  LEFT JOIN customer_group g ON g.id = c.group_id
  JOIN employee e ON e.id = r.employee_id
  LEFT JOIN role ro ON ro.id = r.role_id
  ORDER BY c.name, e.name`;

function readRows(db) {
  const Database = require('better-sqlite3');
  const conn = new Database(db, { readonly: true });
  const rows = conn.prepare(QUERY).all();
  conn.close();
  return rows;
}

const toDate = (s) => (s ? new Date(`${s}T00:00:00Z`) : null);

async function writeSheetJS(XLSX, rows, out) {
  const aoa = [HEADERS];
  for (const r of rows) aoa.push([r.customer, r.project, r.grp, r.person, r.email, r.seller, toDate(r.vfrom), toDate(r.vto), r.role]);
  const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true, dateNF: 'yyyy-mm-dd' });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Persons in charge');
  XLSX.writeFile(wb, out, { compression: true });
}

async function writeExcelJS(ExcelJS, rows, out) {
  // The streaming writer: ExcelJS's fastest and leanest way to write a large sheet.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Persons in charge', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = HEADERS.map((h, i) => ({ header: h, key: String(i), width: 20, style: i === 6 || i === 7 ? { numFmt: 'yyyy-mm-dd' } : {} }));
  for (const r of rows) ws.addRow([r.customer, r.project, r.grp, r.person, r.email, r.seller, toDate(r.vfrom), toDate(r.vto), r.role]).commit();
  ws.commit();
  await wb.commit();
}

// One run in this process: load the library and read the rows (not timed), write (timed).
async function single(tool, db, out) {
  const library = { sheetjs: 'xlsx', exceljs: 'exceljs' }[tool];
  if (!library) throw new Error(`unknown tool ${tool}`);
  const module = require(library);
  const rows = readRows(db);
  const start = performance.now();
  if (tool === 'sheetjs') await writeSheetJS(module, rows, out);
  else await writeExcelJS(module, rows, out);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ tool, rows: rows.length, ms }));
}

// Runs `command args` under GNU time; returns { stdout, maxRssKb }.
export function timed(command, args) {
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  const m = r.stderr.match(/MAXRSS (\d+)/);
  return { stdout: r.stdout, maxRssKb: m ? Number(m[1]) : NaN };
}

// Checks that a file is a workbook with `rows` data rows and a header (check_xlsx.py: zip CRCs, the
// workbook's first sheet parsed as XML). Throws with the reason otherwise.
export function checkWorkbook(file, rows) {
  const r = spawnSync('python3', [path.join(here, 'check_xlsx.py'), file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${file} does not open: ${r.stderr.trim()}`);
  const found = JSON.parse(r.stdout);
  if (found.rows !== rows + 1) throw new Error(`${file}: ${found.rows} rows in the sheet, expected ${rows + 1}`);
  return found;
}

// Vastuu's own export: engine_bench --persons-xlsx (wasm under node, or native).
function oursCommand(kind, root, db, out) {
  if (kind === 'wasm')
    return [process.execPath, ['--no-experimental-fetch', path.join(root, 'build/web/engine_bench.js'), '--persons-xlsx', db, out]];
  return [path.join(root, 'build/native/engine_bench'), ['--persons-xlsx', db, out]];
}

// Every tool `runs` times on the same rows. Returns { figure: [samples] } and { figure: note }.
export async function compareXlsx({ runs, db, outDir, root, log = console.log }) {
  const figures = {};
  const checks = {};
  const expected = readRows(db).length;
  for (const tool of ['wasm', 'native', 'sheetjs', 'exceljs']) {
    log(`bench: xlsx export of ${expected} persons-in-charge rows, ${tool}`);
    const times = [];
    const rss = [];
    for (let i = 0; i < runs; i++) {
      const out = path.join(outDir, `persons-${tool}.xlsx`);
      const [command, args] = tool === 'wasm' || tool === 'native'
        ? oursCommand(tool, root, db, out)
        : [process.execPath, [fileURLToPath(import.meta.url), '--tool', tool, '--db', db, '--out', out]];
      const r = timed(command, args);
      const result = JSON.parse(r.stdout.trim().split('\n').pop());
      if (result.rows !== expected) throw new Error(`${tool} wrote ${result.rows} rows, expected ${expected}`);
      times.push(result.ms);
      rss.push(r.maxRssKb / 1024);
      if (i === 0) {
        const found = checkWorkbook(out, expected);
        checks[tool] = `opens: ${found.rows - 1} data rows × ${found.columns} columns, ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB`;
      }
    }
    figures[`xlsx_persons_export_ms_${tool}`] = times;
    figures[`xlsx_persons_peak_rss_mb_${tool}`] = rss;
  }
  return { figures, checks, rows: expected };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
  await single(arg('--tool'), arg('--db'), arg('--out'));
}
