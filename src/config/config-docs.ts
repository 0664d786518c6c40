import { SETTING_GROUPS, SettingGroup, SettingMetadata } from './setting.decorator';

/** One setting as the docs show it. */
export interface SettingDoc extends SettingMetadata {
  /** The class initialiser, as a .env file spells it; undefined when the property has none. */
  default?: string;
  /** The property's TSDoc as one paragraph. */
  comment: string;
}

export const README_START = '<!-- config:start -->';
export const README_END = '<!-- config:end -->';
const GENERATED = 'Generated from src/config/environment.ts by `npm run docs:config`: edit there, not here.';
const WIDTH = 100;

/** Joins the decorator metadata with the initialisers of `defaults` and the TSDoc of each property. */
export function describeSettings(
  settings: SettingMetadata[],
  defaults: object,
  comments: ReadonlyMap<string, string>,
): SettingDoc[] {
  return settings.map((setting) => {
    const value: unknown = (defaults as Record<string, unknown>)[setting.name];
    return {
      ...setting,
      default: value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value),
      comment: comments.get(setting.name) ?? '',
    };
  });
}

/** Groups in the order of SETTING_GROUPS, each keeping its settings in declaration order. */
function byGroup(settings: SettingDoc[]): [SettingGroup, SettingDoc[]][] {
  const groups = Object.keys(SETTING_GROUPS) as SettingGroup[];
  return groups
    .map((group): [SettingGroup, SettingDoc[]] => [group, settings.filter((s) => s.group === group)])
    .filter(([, members]) => members.length > 0);
}

/** Greedy word wrap of `text` into lines of at most `width` characters (a longer word gets its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return line === '' ? lines : [...lines, line];
}

function plain(tsdoc: string): string {
  return tsdoc.replace(/\{@link\s+([^}\s]+)\s*\}/g, '$1');
}

function envValue(value: string | undefined): string {
  if (value === undefined) return '';
  return /[\s#"'\\]/.test(value) ? JSON.stringify(value) : value;
}

/** `.env.example`: each group under a header, each variable after its TSDoc, set to its default or blank. */
export function renderEnvExample(settings: SettingDoc[]): string {
  const out = [
    `# ${GENERATED}`,
    '# Copy to .env and edit. Every variable is optional; the value shown is the default.',
    '# Blank means unset.',
  ];
  for (const [group, members] of byGroup(settings)) {
    out.push('', `# --- ${SETTING_GROUPS[group]} ---`);
    for (const setting of members) {
      out.push(
        '',
        ...wrap(plain(setting.comment), WIDTH - 2).map((line) => `# ${line}`),
        `${setting.name}=${envValue(setting.default)}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function table(settings: SettingDoc[]): string[] {
  const rows = settings.map(
    (s) =>
      `| \`${s.name}\` | ${cell(s.default === undefined ? (s.unset ?? 'unset') : `\`${s.default}\``)} | ${cell(s.doc)} |`,
  );
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows];
}

/** The README's configuration tables, markers included: the main settings, then `### Advanced`. */
export function renderReadmeSection(settings: SettingDoc[]): string {
  const ordered = byGroup(settings).flatMap(([, members]) => members);
  return [
    README_START,
    `<!-- ${GENERATED} -->`,
    '',
    ...table(ordered.filter((s) => s.main)),
    '',
    '### Advanced',
    '',
    ...table(ordered.filter((s) => !s.main)),
    README_END,
  ].join('\n');
}

/** Replaces the text from README_START to README_END (both included) with `section`. */
export function spliceReadme(readme: string, section: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${README_START} followed by ${README_END}`);
  return readme.slice(0, start) + section + readme.slice(end + README_END.length);
}
