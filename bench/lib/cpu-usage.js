'use strict';
// CPU-usage sampling from Linux /proc: per-process CPU seconds and per-core busy time.
const fs = require('node:fs');

const DISTURBED_PCT = 10; // other processes above this share of a core mark a measurement as disturbed
const CLK_TCK = 100; // USER_HZ: 100 on every Linux architecture Node supports

/** utime + stime of a process in seconds (all threads); NaN when unreadable. */
function processCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // fields 14 and 15 of proc(5)
  } catch {
    return NaN;
  }
}

/** Per-CPU { busy, total } jiffies from /proc/stat. */
function cpuTimes() {
  const out = {};
  try {
    for (const line of fs.readFileSync('/proc/stat', 'utf8').split('\n')) {
      const m = line.match(/^cpu(\d+) (.*)$/);
      if (!m) continue;
      const v = m[2].trim().split(/\s+/).map(Number);
      const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal (guest is inside user)
      out[m[1]] = { busy: total - v[3] - v[4], total }; // minus idle and iowait
    }
  } catch {
    /* not Linux */
  }
  return out;
}

/** Busy share (%) of one CPU between two cpuTimes() samples; NaN when unknown. */
function busyPercent(before, after, cpu) {
  const a = before[cpu];
  const b = after[cpu];
  if (!a || !b || b.total === a.total) return NaN;
  return (100 * (b.busy - a.busy)) / (b.total - a.total);
}

module.exports = { DISTURBED_PCT, processCpuSeconds, cpuTimes, busyPercent };
