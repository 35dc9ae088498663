// xlsx export against what a web developer would pick instead: SheetJS (npm xlsx) and ExcelJS,
// writing the same persons-in-charge rows that Vastuu's wasm libxlsxwriter writes. Each tool runs in
// its own node process under /usr/bin/time, so its peak memory is its own; each file is checked to
// open (unzip lists its worksheet and the row count matches).
//
//   node xlsx_compare.mjs --tool sheetjs|exceljs --db scale.sqlite --out file.xlsx   (one run, prints JSON)
//   import { compareXlsx } from './xlsx_compare.mjs'                                 (the suite)
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

// The listing's columns in the seed's order, as the engine's persons-in-charge export has them.
const HEADERS = ['Customer', 'Customer group', 'Person in charge', 'E-mail', 'Seller information', 'From', 'To', 'Role'];
const QUERY = `
  SELECT c.name AS customer, ifnull(g.name, '') AS grp, e.name AS person, e.email AS email,
         e.seller_info AS seller, r.valid_from AS vfrom, r.valid_to AS vto, ifnull(ro.name, '') AS role
  FROM responsibility r
  JOIN customer c ON c.id = coalesce(r.customer_id, (SELECT customer_id FROM project p WHERE p.id = r.project_id))
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

async function writeSheetJS(rows, out) {
  const XLSX = require('xlsx');
  const aoa = [HEADERS];
  for (const r of rows) aoa.push([r.customer, r.grp, r.person, r.email, r.seller, toDate(r.vfrom), toDate(r.vto), r.role]);
  const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true, dateNF: 'yyyy-mm-dd' });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Persons in charge');
  XLSX.writeFile(wb, out, { compression: true });
}

async function writeExcelJS(rows, out) {
  const ExcelJS = require('exceljs');
  // The streaming writer: ExcelJS's fastest and leanest way to write a large sheet.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Persons in charge', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = HEADERS.map((h, i) => ({ header: h, key: String(i), width: 20, style: i === 5 || i === 6 ? { numFmt: 'yyyy-mm-dd' } : {} }));
  for (const r of rows) ws.addRow([r.customer, r.grp, r.person, r.email, r.seller, toDate(r.vfrom), toDate(r.vto), r.role]).commit();
  ws.commit();
  await wb.commit();
}

// One run in this process: read (not timed), write (timed).
async function single(tool, db, out) {
  const rows = readRows(db);
  const start = performance.now();
  if (tool === 'sheetjs') await writeSheetJS(rows, out);
  else if (tool === 'exceljs') await writeExcelJS(rows, out);
  else throw new Error(`unknown tool ${tool}`);
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

// Checks that a file is a workbook with `rows` data rows: the zip lists the sheet and the sheet has
// one more <row> than data rows.
export function checkWorkbook(file, rows) {
  const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { maxBuffer: 1 << 30 }).toString();
  const count = (xml.match(/<row[ >]/g) || []).length;
  if (count !== rows + 1) throw new Error(`${file}: ${count} rows in the sheet, expected ${rows + 1}`);
}

export async function compareXlsx({ runs, db, outDir }) {
  const figures = {};
  for (const tool of ['sheetjs', 'exceljs']) {
    const times = [];
    const rss = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const out = path.join(outDir, `${tool}.xlsx`);
      const r = timed(process.execPath, [fileURLToPath(import.meta.url), '--tool', tool, '--db', db, '--out', out]);
      const result = JSON.parse(r.stdout.trim().split('\n').pop());
      times.push(result.ms);
      rss.push(r.maxRssKb / 1024);
      rows = result.rows;
      if (i === 0) checkWorkbook(out, rows);
    }
    figures[`xlsx_persons_export_ms_${tool}`] = times;
    figures[`xlsx_persons_peak_rss_mb_${tool}`] = rss;
  }
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
  await single(arg('--tool'), arg('--db'), arg('--out'));
}
