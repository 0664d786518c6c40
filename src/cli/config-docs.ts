import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeSettings, renderEnvExample, renderReadmeSection, spliceReadme } from '../config/config-docs';
import { Environment } from '../config/environment';
import { readPropertyComments } from '../config/property-comments';
import { settingsOf } from '../config/setting.decorator';

/** The repository root, from src/cli (ts-jest) and from dist/cli (node) alike. */
export const REPO_ROOT = resolve(__dirname, '../..');

export interface RenderedFile {
  /** Relative to the repository root. */
  path: string;
  current: string;
  expected: string;
}

/** What `.env.example` and README.md should hold according to src/config/environment.ts, beside what they hold. */
export function renderConfigFiles(root = REPO_ROOT): RenderedFile[] {
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const comments = readPropertyComments(read('src/config/environment.ts'), Environment.name);
  const settings = describeSettings(settingsOf(Environment), new Environment(), comments);
  const readme = read('README.md');
  return [
    { path: '.env.example', current: read('.env.example'), expected: renderEnvExample(settings) },
    { path: 'README.md', current: readme, expected: spliceReadme(readme, renderReadmeSection(settings)) },
  ];
}

/** `--check`: the drifted files, or none. Otherwise writes the drifted files and names them. */
export function configDocs(argv: string[], root = REPO_ROOT): { drifted: string[]; written: boolean } {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean', default: false } } });
  const drifted = renderConfigFiles(root).filter((file) => file.current !== file.expected);
  if (!values.check) for (const file of drifted) writeFileSync(join(root, file.path), file.expected);
  return { drifted: drifted.map((file) => file.path), written: !values.check };
}

if (require.main === module) {
  try {
    const { drifted, written } = configDocs(process.argv.slice(2));
    if (drifted.length === 0) console.log('docs:config: .env.example and README.md match src/config/environment.ts');
    else if (written) console.log(`docs:config: rewrote ${drifted.join(', ')}`);
    else {
      console.error(
        `docs:config: ${drifted.join(', ')} drifted from src/config/environment.ts; run npm run docs:config`,
      );
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`docs:config failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
