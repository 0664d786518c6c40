'use strict';
// Child processes of a bench run, and the cleanup that stops them on success, failure, signals or timeout.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { log } = require('./util');

const children = new Set();
const beforeStop = []; // cleanup steps run before the children are stopped (stop the load)
const afterStop = []; // and after (close servers, remove files), newest first

/** Registers a cleanup step, run once by cleanup(): before the children are stopped, or after them (default). */
function onCleanup(fn, { beforeChildren = false } = {}) {
  (beforeChildren ? beforeStop : afterStop).unshift(fn);
}

/** Spawns a child, keeps the tail of its output for diagnostics, and registers it for cleanup. */
function startChild(name, command, args, options) {
  return adoptChild(name, spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }));
}

/** Registers a child spawned elsewhere (stdout and stderr piped) as startChild does its own. Returns it. */
function adoptChild(name, child) {
  child.benchName = name;
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk.toString()).slice(-16_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      child.exitInfo = { code, signal };
      resolve(child.exitInfo);
    });
  });
  child.once('error', (error) => {
    child.output += `\nspawn error: ${error.message}`;
  });
  children.add(child);
  return child;
}

/** SIGTERM, then SIGKILL after graceMs. Resolves once the child has exited. */
async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitInfo) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Only what the children need: nothing from the developer's shell (say, a REDIS_URL) leaks in. */
function baseEnv() {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME || os.tmpdir(), NODE_ENV: 'production' };
  if (process.env.LANG) env.LANG = process.env.LANG;
  return env;
}

/** A private temporary directory, removed by cleanup(). */
function makeTmpDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the registered steps, stopping every child still running in between. */
async function cleanup() {
  for (const step of beforeStop.splice(0)) await step();
  await Promise.all([...children].map((child) => stopChild(child, 3000)));
  for (const step of afterStop.splice(0)) await step();
}

let failing = false;
/** Logs the error and the children's last output, cleans up, exits 1. */
async function fail(error) {
  if (failing) return;
  failing = true;
  log(`FAILED: ${error && error.stack ? error.stack : error}`);
  for (const child of children) {
    if (child.output.trim()) log(`--- last output of ${child.benchName} ---\n${child.output.trim()}\n---`);
  }
  try {
    await cleanup();
  } finally {
    process.exit(1);
  }
}

/** Fails the run on SIGINT/SIGTERM/SIGHUP and uncaught errors; SIGKILLs leftover children on exit. */
function installFailureHandlers() {
  // Last resort: whatever still runs when this process exits is killed synchronously.
  process.on('exit', () => {
    for (const child of children) {
      try {
        child.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => fail(new Error(`interrupted by ${signal}`)));
  }
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

/** Fails the run when it lasts longer than ms; returns the (unref'd) timer to clear on success. */
function globalTimeout(ms) {
  const timer = setTimeout(() => fail(new Error(`global timeout of ${ms / 1000} s exceeded`)), ms);
  timer.unref();
  return timer;
}

module.exports = {
  adoptChild,
  startChild,
  stopChild,
  baseEnv,
  makeTmpDir,
  onCleanup,
  cleanup,
  fail,
  installFailureHandlers,
  globalTimeout,
};
