// The team server's soak (bench/server_soak.cpp; issue #15, "Load held"): runs build/native/server_soak,
// which writes bench/soak_results.json, and turns that into bench/RESULTS.md's "Team server soak"
// section, results.json's soak_* figures and the soak's goals. bench/run.mjs runs it with the rest of
// the suite (./build.sh bench); run alone (./build.sh bench soak [--seconds N], i.e. node bench/soak.mjs)
// it rewrites only its own section and goal rows of RESULTS.md and its keys of results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const resultsFile = path.join(here, 'soak_results.json');
const begin = '<!-- soak: written by bench/soak.mjs -->';
const end = '<!-- /soak -->';
const round = (x) => Math.round(x * 1000) / 1000;

// Runs the soak (its default length unless `seconds`) and returns its results.
export function runSoak({ log = console.log, seconds } = {}) {
  const binary = path.join(root, 'build/native/server_soak');
  const args = ['--out', resultsFile, '--server', path.join(root, 'build/native/vastuu-server')];
  if (seconds) args.push('--seconds', String(seconds));
  log(`bench: team server soak (bench/server_soak.cpp${seconds ? `, ${seconds} s` : ''})`);
  const started = new Date();
  const r = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`server_soak failed (${r.status}): ${r.stdout.split('\n').slice(0, 8).join('\n')}`);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  results.run = {
    date: started.toISOString(),
    machine: `${os.cpus()[0]?.model || 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  };
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
  return results;
}

// The figures results.json keeps (flat, name with its unit -> number).
export function soakFigures(s) {
  const rss = s.server_rss_kib;
  return {
    soak_commands_per_second: s.commands.acknowledged_per_second,
    soak_commands_sent: s.commands.sent,
    soak_commands_acknowledged: s.commands.acknowledged,
    soak_commands_duplicated: s.commands.duplicated,
    soak_commands_lost: s.commands.lost,
    soak_ack_p50_ms: s.ack_latency_ms.p50,
    soak_ack_p95_ms: s.ack_latency_ms.p95,
    soak_ack_p99_ms: s.ack_latency_ms.p99,
    soak_ack_max_ms: s.ack_latency_ms.max,
    soak_reconnects: s.reconnects.count,
    soak_catch_up_p50_ms: s.reconnects.catch_up_ms.p50,
    soak_catch_up_p95_ms: s.reconnects.catch_up_ms.p95,
    soak_catch_up_max_ms: s.reconnects.catch_up_ms.max,
    soak_server_rss_start_mib: rss.start_after_warm_up / 1024,
    soak_server_rss_end_mib: rss.end_of_load / 1024,
    soak_server_rss_peak_mib: rss.peak_sampled / 1024,
    soak_server_rss_growth_mib: (rss.end_of_load - rss.start_after_warm_up) / 1024,
  };
}

// Goal rows in run.mjs's form: [issue, text, figure, ok(value), unit].
export function soakGoals(s) {
  const boundMib = s.server_rss_kib.bound_kib / 1024;
  return [
    ['#15', 'soak: no command applied twice (stream, acks and the server\'s database)', 'soak_commands_duplicated', (v) => v === 0, 'commands'],
    ['#15', 'soak: no command lost (never acknowledged after reconnects and resends, or missing from sync_log)', 'soak_commands_lost', (v) => v === 0, 'commands'],
    ['#15', `soak: server RSS at the end of the load ≤ its start after warm-up + ${boundMib} MiB`, 'soak_server_rss_growth_mib', (v) => v <= boundMib, 'MiB'],
  ];
}

export function goalRow([issue, text, key, ok, unit], flat) {
  const v = flat[key];
  return `| ${issue} | ${text} | \`${key}\` | ${v === undefined ? 'not measured' : `${round(v)} ${unit}`} | ${v === undefined ? '—' : ok(v) ? 'met' : 'not met'} |`;
}

// The RESULTS.md section, between markers so that a run alone can replace it.
export function soakSection(s) {
  const c = s.commands, rc = s.reconnects, rss = s.server_rss_kib, sh = s.shape, db = s.database, st = s.stream;
  const mib = (kib) => (kib / 1024).toFixed(1);
  const ms = (d) => `${round(d.p50)} / ${round(d.p95)} / ${round(d.p99)} / ${round(d.max)}`;
  const load = (l) => l.map((x) => x.toFixed(2)).join(', ');
  const refusals = Object.entries(c.refusals || {}).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const kinds = Object.entries(s.ack_latency_ms_by_kind || {}).sort((a, b) => b[1].p95 - a[1].p95);
  return [
    begin,
    '## Team server soak (bench/server_soak.cpp)',
    '',
    `One run of ${s.seconds.load} s on ${s.run.date} (${s.run.machine}; load average ${load(s.machine_load_average.start)} at`,
    `its start, ${load(s.machine_load_average.end)} at its end), ${round(s.seconds.whole_run)} s in all with the set-up and the checks.`,
    `The real vastuu-server on a temporary data folder with the scale dataset, on 127.0.0.1, and ${sh.clients} WebSocket`,
    `clients of signed-in accounts (invitations through the API): ${sh.admin_accounts} administrators with ${sh.admin_tabs_each} tabs each and ${sh.salesperson_writers} salespersons`,
    `(one tab each) write, ${sh.reader_accounts} salesperson accounts read in the other tabs. A firm's half-hour compressed about 10×: each`,
    `writing tab sends an engine command every ${sh.command_every_ms_per_writing_tab / 1000} s on average (matrix toggles and bulk edits with`,
    'responsibility.set_many, customer.update, project.create/update, customer.create, a batch as a dialog\'s Save;',
    'the salespersons in their own customers), and every tab loses its socket (no close frame) every',
    `${sh.drop_every_ms_per_tab / 1000} s on average, for ${sh.offline_ms[0] / 1000}–${sh.offline_ms[1] / 1000} s (${sh.long_offline_chance * 100}% up to ${sh.long_offline_ms_max / 1000} s), ${sh.in_flight_drop_chance * 100}% of the commands followed within ${sh.in_flight_drop_within_ms} ms by a drop. A tab`,
    'comes back with `hello since=<its last seq>` and resends its unanswered commands with the same command_id.',
    `The first ${s.seconds.warm_up} s are warm-up (not in the latencies); then every tab reconnects and every command is answered (drain),`,
    'the server stops and its vastuu.sqlite is opened read-only and checked.',
    '',
    '| figure | value |',
    '|---|---|',
    `| commands acknowledged per second (after warm-up) | ${round(c.acknowledged_per_second)} |`,
    `| ack latency p50 / p95 / p99 / max, ms (send to ack, same connection) | ${ms(s.ack_latency_ms)} (${s.ack_latency_ms.count} commands) |`,
    `| made to acknowledged p50 / p95 / p99 / max, ms (offline time and resends included) | ${ms(s.settle_ms_including_offline)} |`,
    `| reconnect catch-up p50 / p95 / max, ms (connect to caught up to the server's seq) | ${round(rc.catch_up_ms.p50)} / ${round(rc.catch_up_ms.p95)} / ${round(rc.catch_up_ms.max)} (${rc.catch_up_ms.count} reconnects) |`,
    `| changes replayed per reconnect p50 / p95 / max | ${rc.replayed_changes.p50} / ${rc.replayed_changes.p95} / ${rc.replayed_changes.max} |`,
    `| server RSS MiB: idle, 200 clients, start (after warm-up), end of load, after drain, peak (1 s samples) | ${mib(rss.idle_after_start)}, ${mib(rss.with_200_clients)}, ${mib(rss.start_after_warm_up)}, ${mib(rss.end_of_load)}, ${mib(rss.after_drain)}, ${mib(rss.peak_sampled)} |`,
    `| memory bound: ${rss.bound} | ${rss.bound_met ? 'met' : 'not met'} |`,
    `| server VmHWM MiB (includes the 32 Argon2id sign-ups at set-up, 64 MiB each) | ${mib(rss.vm_hwm)} |`,
    `| commands made / sent / acknowledged / refused | ${c.made} / ${c.sent} / ${c.acknowledged} / ${c.refused} (${refusals}) |`,
    `| resends / of them already run by the server (the ack lost with the socket; answered from sync_log) | ${c.resent_messages} / ${c.resent_but_already_applied} |`,
    `| duplicated (one command_id with two seqs, or logged or created twice) | ${c.duplicated} |`,
    `| lost (unanswered after the drain, or acknowledged but not in sync_log) | ${c.lost} |`,
    `| drops / reconnects / closed by the server / failed connects | ${rc.drops} / ${rc.count} / ${rc.closed_by_server} / ${rc.connect_failures} |`,
    `| stream: changes delivered / duplicate deliveries / gaps / resyncs | ${st.changes_delivered} / ${st.duplicate_deliveries} / ${st.gaps} / ${st.resyncs} |`,
    `| database: sync_log rows / acknowledged ids logged once with their seq / created rows once / engine check | ${db.sync_log_rows} / ${db.acknowledged_logged_once_with_its_seq} / ${db.created_rows_once} / ${db.engine_check_file} |`,
    `| server CPU s / bench clients' CPU s (after warm-up) | ${round(s.server_cpu_seconds_measured)} / ${round(s.bench_client_cpu_seconds_measured)} |`,
    `| sync::visible_customers for one salesperson, ms p50 / max (in the bench process) | ${round(s.engine_only.visible_customers_ms_per_salesperson.p50)} / ${round(s.engine_only.visible_customers_ms_per_salesperson.max)} |`,
    '',
    `Memory bound: ${s.server_rss_kib.bound_reason}.`,
    '',
    'Ack latency by command, p50 / p95 ms (count):',
    '',
    '| command | p50 | p95 | count |',
    '|---|---|---|---|',
    ...kinds.map(([k, d]) => `| ${k} | ${round(d.p50)} | ${round(d.p95)} | ${d.count} |`),
    '',
    `Server RSS every 10 s (s: MiB): ${rss.every_10_s.map(([t, kib]) => `${t}: ${mib(kib)}`).join(', ')}.`,
    end,
  ];
}

// Run alone: the soak's section and goal rows in RESULTS.md, its keys in results.json.
async function alone(argv) {
  let seconds;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seconds') seconds = Number(argv[++i]);
    else if (argv[i].startsWith('--seconds=')) seconds = Number(argv[i].slice(10));
    else throw new Error(`bench soak: unknown option ${argv[i]} (--seconds N)`);
  }
  const s = runSoak({ seconds });
  const flat = Object.fromEntries(Object.entries(soakFigures(s)).map(([k, v]) => [k, round(v)]));
  const jsonFile = path.join(here, 'results.json');
  const all = existsSync(jsonFile) ? JSON.parse(readFileSync(jsonFile, 'utf8')) : {};
  Object.assign(all, flat);
  writeFileSync(jsonFile, JSON.stringify(Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]])), null, 2) + '\n');
  const mdFile = path.join(here, 'RESULTS.md');
  let lines = existsSync(mdFile) ? readFileSync(mdFile, 'utf8').split('\n') : ['# Benchmark results', ''];
  const rows = soakGoals(s).map((g) => goalRow(g, flat));
  const old = lines.filter((l) => l.startsWith('| #15 | soak:'));
  if (old.length) {
    const at = lines.indexOf(old[0]);
    lines = lines.filter((l) => !l.startsWith('| #15 | soak:'));
    lines.splice(at, 0, ...rows);
  } else {
    // After the last goal row of the Goals table (a table row that names an issue).
    let last = -1;
    lines.forEach((l, i) => { if (/^\| #\d+ \|/.test(l)) last = i; });
    if (last >= 0) lines.splice(last + 1, 0, ...rows);
  }
  const section = soakSection(s);
  const from = lines.indexOf(begin), to = lines.indexOf(end);
  if (from >= 0 && to > from) lines.splice(from, to - from + 1, ...section);
  else lines.push(...section, '');
  writeFileSync(mdFile, lines.join('\n'));
  console.log(section.join('\n'));
  for (const r of rows) console.log(r);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await alone(process.argv.slice(2));
