'use strict';
// Rewriting one "## title" section of docs/BENCHMARKS.md in place, other sections kept as they are.
const fs = require('node:fs');
const path = require('node:path');

/** Where `## title` starts and ends in doc (up to the next "## " heading), or undefined. */
function locate(doc, title) {
  const start = doc.indexOf(`${title}\n`);
  if (start === -1) return undefined;
  const next = doc.indexOf('\n## ', start + title.length);
  return { start, end: next === -1 ? doc.length : next + 1 };
}

/** The current text of the section (heading included) in the file, or '' when the file or section is missing. */
function readSection(docPath, title) {
  if (!fs.existsSync(docPath)) return '';
  const doc = fs.readFileSync(docPath, 'utf8');
  const at = locate(doc, title);
  return at ? doc.slice(at.start, at.end) : '';
}

/**
 * Replaces the section `title` of docPath with `section` (which starts with the title). When it is
 * missing, the section goes before the line starting with `insertBefore` if given and present, else
 * at the end. When the file is missing it starts as `intro` (required then).
 */
function writeSection(docPath, title, section, { insertBefore, intro } = {}) {
  let doc = intro !== undefined && !fs.existsSync(docPath) ? intro : fs.readFileSync(docPath, 'utf8');
  const at = locate(doc, title);
  if (at) {
    doc = doc.slice(0, at.start) + section + (at.end < doc.length ? `\n${doc.slice(at.end).replace(/^\n+/, '')}` : '');
  } else {
    const before = insertBefore === undefined ? -1 : doc.indexOf(`\n${insertBefore}`);
    if (before !== -1) doc = `${doc.slice(0, before + 1)}${section}\n${doc.slice(before + 1)}`;
    else doc = `${doc.endsWith('\n\n') ? doc : doc.replace(/\n*$/, '\n\n')}${section}`;
  }
  fs.mkdirSync(path.dirname(docPath), { recursive: true });
  fs.writeFileSync(docPath, doc);
}

/**
 * The head every bench section shares: its title, what it measures (one paragraph; the method is in
 * the bench's header comment), then the date, command, commit and machine of the run shown.
 * `run` = { date, command, build, machine } with machine as run-info's machine().
 */
function sectionHead(title, what, run) {
  const m = run.machine;
  return [
    title,
    '',
    what,
    '',
    `- Command: \`${run.command}\``,
    `- Run: ${run.date}, build ${run.build}`,
    `- Machine: ${m.cores} cores (${m.cpuModel}), ${m.platform}, Node ${m.node}`,
    '',
  ];
}

module.exports = { readSection, writeSection, sectionHead };
