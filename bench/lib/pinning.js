'use strict';
// CPU pinning with taskset (BENCH_PIN), every pinning read back and checked in /proc/<pid>/status.
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

/** Expands a cpu list such as "0-1,4" into [0, 1, 4]. */
function parseCpuList(text) {
  const cpus = [];
  for (const part of text.trim().split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a; c <= (b === undefined ? a : b); c++) cpus.push(c);
  }
  return cpus;
}

/** The CPUs a process may run on, from /proc/<pid>/status; undefined when unreadable. */
function allowedCpus(pid = 'self') {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Cpus_allowed_list:'));
    return line ? parseCpuList(line.split(':')[1]) : undefined;
  } catch {
    return undefined;
  }
}

function hasTaskset() {
  const probe = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/**
 * { server, others } CPU numbers when pinning, undefined when not (BENCH_PIN=0, or taskset / a second
 * CPU missing, which fails when BENCH_PIN=1; any other BENCH_PIN value fails). The server under test gets the first allowed CPU alone;
 * everything else (redis-server, the bench process) gets the second.
 */
function pinPlan() {
  const wanted = process.env.BENCH_PIN;
  if (!['', '0', '1'].includes(wanted || ''))
    throw new Error(`BENCH_PIN must be 0 or 1, got ${JSON.stringify(wanted)}`);
  if (wanted === '0') return undefined;
  const cpus = allowedCpus() || [];
  const why = !hasTaskset()
    ? 'taskset not found'
    : cpus.length < 2
      ? `only ${cpus.length || 'an unknown number of'} CPU(s) allowed`
      : undefined;
  if (why) {
    if (wanted === '1') throw new Error(`BENCH_PIN=1 but pinning is impossible: ${why}`);
    process.stderr.write(`[bench] no CPU pinning: ${why}\n`);
    return undefined;
  }
  return { server: cpus[0], others: cpus[1] };
}

/** Checks that a process really is confined to the one CPU it was pinned to. */
function assertPinned(pid, cpu, name) {
  const cpus = allowedCpus(pid);
  if (!cpus || cpus.length !== 1 || cpus[0] !== cpu)
    throw new Error(
      `${name} (pid ${pid}) should be pinned to CPU ${cpu}, allowed CPUs: ${cpus ? cpus.join(',') : 'unknown'}`,
    );
}

/** Runs this process (every thread: main, libuv pool, V8 workers) on one CPU only, and checks every thread. */
function pinSelf(cpu) {
  const res = spawnSync('taskset', ['-a', '-c', '-p', String(cpu), String(process.pid)], { encoding: 'utf8' });
  if (res.error || res.status !== 0)
    throw new Error(`taskset -a -c -p ${cpu} ${process.pid} failed: ${res.error ? res.error.message : res.stderr}`);
  for (const tid of fs.readdirSync('/proc/self/task'))
    assertPinned(`${process.pid}/task/${tid}`, cpu, `bench thread ${tid}`);
}

/** Spawn arguments, wrapped in `taskset -c <cpu>` when pinning (taskset execs, so the pid is the real process). */
function pinned(cpu, command, args) {
  return cpu === undefined ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
}

module.exports = { pinPlan, pinSelf, assertPinned, pinned };
