'use strict';
// The size of a node_modules tree, in total and per package, as `du` counts it (allocated blocks)
// and as file contents (what an archive of it weighs).
const fs = require('node:fs');
const path = require('node:path');

/** { diskBytes, apparentBytes } of a file tree, the directories' own blocks included, symlinks not followed. */
function treeSize(root) {
  let diskBytes = 0;
  let apparentBytes = 0;
  const pending = [root];
  while (pending.length > 0) {
    const at = pending.pop();
    const stat = fs.lstatSync(at);
    diskBytes += stat.blocks * 512;
    apparentBytes += stat.size;
    if (stat.isDirectory()) for (const name of fs.readdirSync(at)) pending.push(path.join(at, name));
  }
  return { diskBytes, apparentBytes };
}

/** The top-level package directories: `name` and `@scope/name` (nested node_modules count in their parent). */
function packageDirs(nodeModules) {
  const dirs = [];
  for (const name of fs.readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@'))
      for (const sub of fs.readdirSync(path.join(nodeModules, name))) dirs.push(`${name}/${sub}`);
    else dirs.push(name);
  }
  return dirs;
}

/**
 * { diskBytes, apparentBytes } of the whole tree (as `du -s` and `du -s --apparent-size`), and
 * `packages`: [{ name, diskBytes, apparentBytes }] of each top-level package, biggest first.
 */
function packageSizes(nodeModules) {
  const packages = packageDirs(nodeModules)
    .map((name) => ({ name, ...treeSize(path.join(nodeModules, name)) }))
    .sort((a, b) => b.diskBytes - a.diskBytes);
  return { ...treeSize(nodeModules), packages };
}

module.exports = { packageSizes };
