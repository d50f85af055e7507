'use strict';
// Preloaded (`node -r`) into every benchmark child, the floor's and the lint's alike, so both are measured the same
// way: at exit it writes one JSON line to file descriptor 3 (a pipe the benchmark opened) with
// - workMs: wall time from this preload (Node has started) to exit: module loading and the work, not Node's start;
// - processMs: wall time since the process started (Node's start included);
// - userMs, systemMs: CPU time of the whole process (all threads); maxRssKiB: its peak resident memory;
// - modules: how many CommonJS modules were loaded (this probe included).
// The floor script adds its own counts in `globalThis.benchExtra`.
const { writeSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const { isMainThread } = require('node:worker_threads');

const loadedAt = performance.now();
function report() {
  const now = performance.now();
  const usage = process.resourceUsage();
  const measured = {
    workMs: now - loadedAt,
    processMs: now,
    userMs: usage.userCPUTime / 1000,
    systemMs: usage.systemCPUTime / 1000,
    maxRssKiB: usage.maxRSS,
    modules: Object.keys(require.cache).length,
    ...(globalThis.benchExtra ?? {}),
  };
  try {
    writeSync(3, JSON.stringify(measured) + '\n');
  } catch {
    // Not run by the benchmark (no fd 3): nothing to report to.
  }
}

// Worker threads inherit the preload: only the main thread reports (resource usage covers the whole process).
if (isMainThread) process.on('exit', report);
