// The reference of DESIGN.md §8 for the trend query: DuckDB (in memory, through @duckdb/node-api)
// on the same incidents as civharm, from the CSV that `civharm export --format csv --entity
// incident` writes. Times the load of the CSV into a table, then the trend query — month of the
// date start × perpetrator × weapon: incidents, and the sums of civilians killed by lowest, best
// and highest figure — with no filter and with a date range. Prints one JSON object on standard
// output (bench/analytics.sh reads it) and a summary on standard error.
//
//   node bench/duckdb_trend.mjs INCIDENTS.csv [--runs N] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//                                [--threads N] [--compare DIR] [--dump DIR]
//
// --compare DIR: compares every group with civharm's (trend_all.tsv and trend_range.tsv, written
// by `analytics_bench --dump DIR`) and says whether they agree; --dump DIR writes DuckDB's groups
// beside them (duckdb_trend_all.tsv, duckdb_trend_range.tsv) in the same form.
//
// The query computes what civharm's trend computes for these figures (analytics/aggregates.h,
// snapshot.h FigureOf), so that the two can be compared group by group:
//   - perpetrator: the name of the first belligerent the record names ("" when none);
//   - weapon: means.weapon ("" when none);
//   - the period: the month the incident's date range starts in;
//   - a figure: lo = min, else best, else max; hi = max, else best, else min; best = best, else lo;
//     an incident with none of the three gives no figure and is not in the sums ("known" counts
//     those that give one; "best_from_lo" those whose best is their lowest figure);
//   - retracted incidents are left out; the date range filter keeps incidents whose date range
//     overlaps it (date_end ≥ from and date_start ≤ to), as civharm's list filters do.
// civharm's trend also sums civilians injured and counts incidents spanning past their period;
// DuckDB is not asked for those, so it does less work than civharm here. Each query is prepared
// once, outside the timings, as a service answering such requests would.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';

function usage(message) {
  if (message) console.error(`duckdb_trend: ${message}`);
  console.error(
    'usage: node bench/duckdb_trend.mjs INCIDENTS.csv [--runs N] [--from YYYY-MM-DD] ' +
      '[--to YYYY-MM-DD] [--threads N] [--compare DIR] [--dump DIR]',
  );
  process.exit(2);
}

const options = { runs: 20, from: '2010-01-01', to: '2019-12-31', threads: null, compare: null, dump: null };
let csv = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; ++i) {
  const a = argv[i];
  const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
  if (a === '--runs') options.runs = Number(value());
  else if (a === '--from') options.from = value();
  else if (a === '--to') options.to = value();
  else if (a === '--threads') options.threads = Number(value());
  else if (a === '--compare') options.compare = value();
  else if (a === '--dump') options.dump = value();
  else if (!a.startsWith('-') && csv === null) csv = a;
  else usage(`unexpected argument ${a}`);
}
if (csv === null || !(options.runs >= 1)) usage();
if (!fs.existsSync(csv)) usage(`there is no file ${csv}`);
for (const d of [options.from, options.to]) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) usage(`${d} is not a date (YYYY-MM-DD)`);
}

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;
const now = () => process.hrtime.bigint();
const ms = (start, end) => Number(end - start) / 1e6;

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
if (options.threads) await db.run(`SET threads = ${Number(options.threads)}`);

async function scalar(sql) {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowsJS()[0][0];
}

// The CSV's columns as text (civharm's export names them by the record's fields: date.start,
// belligerents as JSON, means.weapon, casualties.civilian.killed.min …), then typed.
const header = (() => {
  const fd = fs.openSync(csv, 'r');
  const buffer = Buffer.alloc(64 * 1024);
  const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
  fs.closeSync(fd);
  return buffer.subarray(0, n).toString('utf8').split('\n')[0];
})();
for (const column of [
  'date.start',
  'date.end',
  'belligerents',
  'means.weapon',
  'casualties.civilian.killed.min',
  'casualties.civilian.killed.best',
  'casualties.civilian.killed.max',
  'retraction.at',
]) {
  if (!header.split(',').map((h) => h.replace(/^"|"$/g, '')).includes(column)) {
    console.error(`duckdb_trend: ${csv} has no column ${column}; is it civharm's incident export?`);
    process.exit(1);
  }
}
const count = (c) => `TRY_CAST(NULLIF("${c}", '') AS BIGINT)`;
const loadSql = `
  CREATE TABLE incidents AS
  SELECT
    CAST("date.start" AS DATE) AS date_start,
    CAST(COALESCE(NULLIF("date.end", ''), "date.start") AS DATE) AS date_end,
    COALESCE(json_extract_string(NULLIF("belligerents", ''), '$[0].name'), '') AS perpetrator,
    COALESCE("means.weapon", '') AS weapon,
    ${count('casualties.civilian.killed.min')} AS killed_min,
    ${count('casualties.civilian.killed.best')} AS killed_best,
    ${count('casualties.civilian.killed.max')} AS killed_max,
    COALESCE("retraction.at", '') <> '' AS retracted
  FROM read_csv(${sqlString(path.resolve(csv))}, header = true, all_varchar = true, auto_detect = true)`;
const loadStart = now();
await db.run(loadSql);
const loadMs = ms(loadStart, now());
const rows = Number(await scalar('SELECT count(*) FROM incidents'));
console.error(`duckdb_trend: loaded ${rows} incidents in ${loadMs.toFixed(0)} ms`);

function trendSql(range) {
  const where = ['NOT retracted'];
  if (range) where.push(`date_end >= DATE ${sqlString(range.from)}`, `date_start <= DATE ${sqlString(range.to)}`);
  return `
    WITH figures AS (
      SELECT date_trunc('month', date_start) AS month, perpetrator, weapon, killed_best,
             COALESCE(killed_min, killed_best, killed_max) AS lo,
             COALESCE(killed_max, killed_best, killed_min) AS hi
      FROM incidents
      WHERE ${where.join(' AND ')}
    )
    SELECT strftime(month, '%Y-%m') AS period, perpetrator, weapon,
           count(*) AS incidents,
           count(lo) AS known,
           COALESCE(sum(lo), 0) AS lo,
           COALESCE(sum(COALESCE(killed_best, lo)), 0) AS best,
           COALESCE(sum(hi), 0) AS hi,
           count(*) FILTER (WHERE lo IS NOT NULL AND killed_best IS NULL) AS best_from_lo
    FROM figures
    GROUP BY month, perpetrator, weapon`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

// A TSV cell, escaped as analytics_bench escapes it.
const cell = (v) =>
  String(v).replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');

// Prepares the query once (parsing and planning are not timed), runs it once untimed, then
// `runs` times; each run reads the whole answer into JS values.
async function timeTrend(sql) {
  let groups = null;
  const statement = await db.prepare(sql);
  const run = async () => (await statement.runAndReadAll()).getRowsJS();
  groups = await run();
  const times = [];
  for (let i = 0; i < options.runs; ++i) {
    const start = now();
    groups = await run();
    times.push(ms(start, now()));
  }
  const lines = groups.map((g) => g.map(cell).join('\t')).sort();
  const total = { incidents: 0n, known: 0n, lo: 0n, best: 0n, hi: 0n, best_from_lo: 0n };
  for (const [, , , incidents, known, lo, best, hi, fromLo] of groups) {
    total.incidents += BigInt(incidents);
    total.known += BigInt(known);
    total.lo += BigInt(lo);
    total.best += BigInt(best);
    total.hi += BigInt(hi);
    total.best_from_lo += BigInt(fromLo);
  }
  return {
    median_ms: median(times),
    min_ms: Math.min(...times),
    max_ms: Math.max(...times),
    runs_ms: times,
    result: {
      groups: groups.length,
      incidents: Number(total.incidents),
      killed_known: Number(total.known),
      killed_lo: Number(total.lo),
      killed_best: Number(total.best),
      killed_hi: Number(total.hi),
      killed_best_from_lo: Number(total.best_from_lo),
    },
    lines,
  };
}

// Compares DuckDB's groups with civharm's, line by line (both sorted the same way here).
function compare(lines, file) {
  if (!fs.existsSync(file)) return { compared: false, reason: `${file} is missing` };
  const theirs = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').sort();
  const keyOf = (l) => l.split('\t').slice(0, 3).join('\t');
  const mine = new Map(lines.map((l) => [keyOf(l), l]));
  const other = new Map(theirs.map((l) => [keyOf(l), l]));
  let onlyDuckdb = 0;
  let onlyCivharm = 0;
  let differ = 0;
  const examples = [];
  for (const [k, l] of mine) {
    if (!other.has(k)) {
      ++onlyDuckdb;
      if (examples.length < 5) examples.push(`only DuckDB: ${l}`);
    } else if (other.get(k) !== l) {
      ++differ;
      if (examples.length < 5) examples.push(`DuckDB: ${l} | civharm: ${other.get(k)}`);
    }
  }
  for (const [k, l] of other) {
    if (!mine.has(k)) {
      ++onlyCivharm;
      if (examples.length < 5) examples.push(`only civharm: ${l}`);
    }
  }
  return {
    compared: true,
    agree: onlyDuckdb === 0 && onlyCivharm === 0 && differ === 0 && mine.size === lines.length,
    civharm_groups: theirs.length,
    duckdb_groups: lines.length,
    only_duckdb: onlyDuckdb,
    only_civharm: onlyCivharm,
    differ,
    examples,
  };
}

const out = {
  csv: path.resolve(csv),
  runs: options.runs,
  duckdb_version: await scalar('SELECT version()'),
  threads: Number(await scalar("SELECT current_setting('threads')")),
  incidents: rows,
  load_ms: loadMs,
  requests: [],
};
for (const [name, range, file] of [
  ['trend', null, 'trend_all.tsv'],
  ['trend_range', { from: options.from, to: options.to }, 'trend_range.tsv'],
]) {
  const t = await timeTrend(trendSql(range));
  const request = { name, median_ms: t.median_ms, min_ms: t.min_ms, max_ms: t.max_ms, runs_ms: t.runs_ms };
  request.result = range ? { ...t.result, from: range.from, to: range.to } : t.result;
  if (options.dump) fs.writeFileSync(path.join(options.dump, `duckdb_${file}`), t.lines.map((l) => `${l}\n`).join(''));
  if (options.compare) {
    request.comparison = compare(t.lines, path.join(options.compare, file));
    const c = request.comparison;
    console.error(
      c.compared
        ? `duckdb_trend: ${name}: ${c.agree ? 'agrees with civharm' : 'DIFFERS from civharm'} ` +
            `(${c.duckdb_groups} groups in DuckDB, ${c.civharm_groups} in civharm; ` +
            `${c.only_duckdb} only in DuckDB, ${c.only_civharm} only in civharm, ${c.differ} differ)` +
            c.examples.map((e) => `\n  ${e}`).join('')
        : `duckdb_trend: ${name}: not compared: ${c.reason}`,
    );
  }
  console.error(
    `duckdb_trend: ${name.padEnd(12)} median ${t.median_ms.toFixed(2)} ms (min ${t.min_ms.toFixed(2)}, ` +
      `max ${t.max_ms.toFixed(2)}); ${t.result.groups} groups, ${t.result.incidents} incidents`,
  );
  out.requests.push(request);
}
out.memory = {
  duckdb_bytes: Number(await scalar('SELECT sum(memory_usage_bytes) FROM duckdb_memory()')),
  peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
};
console.log(JSON.stringify(out, null, 2));
db.closeSync?.();
