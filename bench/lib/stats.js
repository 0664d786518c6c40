'use strict';
// Summary statistics and CPU-percentage formatting shared by the bench reports.

/** Median of the finite values; NaN when there are none. */
function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** A percentage without decimals, '–' when unknown. */
function pct(n) {
  return Number.isFinite(n) ? n.toFixed(0) : '–';
}

/** pct(n), in bold when above limit (a disturbed measurement). */
function flag(n, limit) {
  return n > limit ? `**${pct(n)}**` : pct(n);
}

module.exports = { median, pct, flag };
