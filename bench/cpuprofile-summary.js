'use strict';
/**
 * Summarises a V8 .cpuprofile written by `node --cpu-prof` during bench/ask-hit.js (command
 * in bench/results/ask-hit.json, the profiled run): self time by module and by function, restricted to the measured window
 * (from warm-up end to the last request), divided by the measured request count.
 *
 *   node bench/cpuprofile-summary.js <file.cpuprofile> <measured requests> [warm-up seconds=3] [top=25]
 *
 * Not part of the benchmark itself; a reading aid for the profile section of the docs.
 */
const fs = require('node:fs');

const [file, reqs, warm, topN] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4] || 3),
  Number(process.argv[5] || 25),
];
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);
const isReq = new Map();
function reqNode(id) {
  if (isReq.has(id)) return isReq.get(id);
  const n = byId.get(id);
  let r =
    n.callFrame.functionName === 'runPreParsing' ||
    (n.callFrame.functionName === 'sendCommand' && n.callFrame.url.includes('ioredis'));
  if (!r && parent.has(id)) r = reqNode(parent.get(id));
  isReq.set(id, r);
  return r;
}
let t = prof.startTime;
const times = prof.samples.map((s, i) => (t += prof.timeDeltas[i]));
let first = -1,
  last = -1;
prof.samples.forEach((s, i) => {
  if (reqNode(s)) {
    if (first < 0) first = times[i];
    last = times[i];
  }
});
const from = first + warm * 1e6 + 0.3e6,
  to = last;
function mod(cf) {
  if (['(garbage collector)', '(idle)', '(program)'].includes(cf.functionName)) return cf.functionName;
  const url = cf.url;
  if (!url) return '(native: syscalls/V8 builtins)';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (m) return m[m.length - 1].replace('node_modules/', '');
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const d = url.match(/\/(dist|bench)\/(.*)/);
  if (d) return 'app:' + d[2];
  return url;
}
const self = new Map();
prof.samples.forEach((s, i) => {
  if (times[i] >= from && times[i] <= to) self.set(s, (self.get(s) || 0) + prof.timeDeltas[i]);
});
let total = 0;
for (const v of self.values()) total += v;
const byMod = new Map(),
  byFn = new Map();
for (const [id, tt] of self) {
  const cf = byId.get(id).callFrame;
  const m = mod(cf);
  byMod.set(m, (byMod.get(m) || 0) + tt);
  const k = `${cf.functionName || '(anon)'}  ${cf.url.replace(/.*node_modules\//, '').replace(/file:\/\/\/work\/main\//, '')}:${cf.lineNumber + 1}`;
  byFn.set(k, (byFn.get(k) || 0) + tt);
}
const idle = byMod.get('(idle)') || 0,
  busy = total - idle;
const win = (to - from) / 1e6;
const estReqs = reqs;
console.log(
  `window ${win.toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s (${((100 * busy) / total).toFixed(0)}% of one core), ${estReqs} req => ${(busy / estReqs).toFixed(1)} us CPU per request (main thread)`,
);
const pct = (v) => ((100 * v) / busy).toFixed(1).padStart(5) + '%  ' + (v / estReqs).toFixed(1).padStart(6) + ' us/req';
console.log('\n== self time by module ==');
[...byMod]
  .filter(([m]) => m !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, topN)
  .forEach(([m, v]) => {
    console.log(pct(v), ' ', m);
  });
console.log('\n== top self-time functions ==');
[...byFn]
  .filter(([m]) => !m.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, topN)
  .forEach(([m, v]) => console.log(pct(v), ' ', m));
