// Prints the Markdown table of bench/analytics.sh from the JSON of analytics_bench (civharm) and
// of duckdb_trend.mjs (DuckDB).
//
//   node bench/analytics_table.mjs CIVHARM.json DUCKDB.json
import fs from 'node:fs';
import os from 'node:os';

if (process.argv.length !== 4) {
  console.error('usage: node bench/analytics_table.mjs CIVHARM.json DUCKDB.json');
  process.exit(2);
}
const civharm = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const duckdb = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const request = (side, name) => side.requests.find((r) => r.name === name);

const int = (n) => Math.round(n).toLocaleString('en-US');
const mb = (bytes) => `${int(bytes / 1e6)} MB`;
const msText = (r) => `${r.median_ms.toFixed(2)} ms (${r.min_ms.toFixed(2)}–${r.max_ms.toFixed(2)})`;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

const rows = [];
rows.push([
  'load: snapshot built from the database (civharm) · CSV read into a table (DuckDB)',
  seconds(civharm.snapshot.build_ms),
  seconds(duckdb.load_ms),
  '',
]);
const checks = [];
for (const name of ['trend', 'trend_range']) {
  const c = request(civharm, name);
  const d = request(duckdb, name);
  const label =
    name === 'trend'
      ? 'trend: month × perpetrator × weapon, every incident'
      : `trend: the same, incidents overlapping ${c.result.from} … ${c.result.to}`;
  const ratio = c.median_ms / d.median_ms;
  const verdict = ratio < 1 ? `civharm ${(1 / ratio).toFixed(1)}× faster` : `DuckDB ${ratio.toFixed(1)}× faster`;
  rows.push([label, msText(c), msText(d), `${ratio.toFixed(2)}× (${verdict})`]);
  const cmp = d.comparison;
  const r = c.result;
  const same =
    cmp && cmp.compared
      ? cmp.agree
        ? 'agree group by group'
        : `**differ**: ${cmp.only_duckdb} groups only in DuckDB, ${cmp.only_civharm} only in civharm, ${cmp.differ} with other sums`
      : 'not compared group by group';
  const totals = (x) =>
    `${int(x.groups)} groups, ${int(x.incidents)} incidents, civilians killed ${int(x.killed_lo)} / ${int(x.killed_best)} / ${int(x.killed_hi)} (low / best / high) from ${int(x.killed_known)} incidents giving a figure`;
  checks.push(`- ${name}: civharm ${totals(r)}; DuckDB ${totals(d.result)}; ${same}.`);
}
for (const [name, label] of [
  ['map_world_z2', 'map: the world at zoom 2'],
  ['map_country_z6', 'map: a country (Syria) at zoom 6'],
  ['map_city_z12', 'map: a city (Aleppo) at zoom 12'],
  ['breakdown', 'breakdown by perpetrator'],
  ['evidence', 'leadership framework evidence for one force, with the ids behind each figure'],
  ['refresh', 'refresh with nothing changed (part of every request above)'],
]) {
  const c = request(civharm, name);
  let what = '';
  if (name.startsWith('map_')) {
    what = ` — ${int(c.result.in_view)} in view, ${int(c.result.clusters)} clusters, ${int(c.result.points)} points`;
  } else if (name === 'breakdown') {
    what = ` — ${int(c.result.rows)} rows`;
  } else if (name === 'evidence') {
    what = ` — ${int(c.result.allegations)} allegations (${c.result.force})`;
  }
  rows.push([label + what, msText(c), '—', '']);
}
rows.push([
  'memory: the snapshot (MemoryBytes) · DuckDB\'s own (duckdb_memory())',
  mb(civharm.memory.snapshot_bytes),
  mb(duckdb.memory.duckdb_bytes),
  '',
]);
rows.push([
  'memory: peak resident of the process',
  `${mb(civharm.memory.peak_rss_bytes)} (${mb(civharm.memory.rss_after_malloc_trim_bytes)} resident after malloc_trim at the end)`,
  `${mb(duckdb.memory.peak_rss_bytes)} (Node.js included)`,
  '',
]);

const cores = os.cpus().length;
const gib = Math.round(os.totalmem() / 2 ** 30);
console.log('');
console.log(
  `${cores} cores, ${gib} GiB · ${int(civharm.incidents)} incidents (DuckDB ${int(duckdb.incidents)}) · ` +
    `median (min–max) of ${civharm.runs} runs after one warm-up · DuckDB ${duckdb.duckdb_version}, ` +
    `${duckdb.threads} threads · civharm one thread`,
);
console.log('');
console.log('| work | civharm | DuckDB | civharm / DuckDB |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('');
console.log('Same results:');
for (const c of checks) console.log(c);
const agree = civharm.requests
  .filter((r) => r.name.startsWith('trend'))
  .every((r) => request(duckdb, r.name).comparison?.agree);
if (!agree) process.exitCode = 1;
