import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDocs, REPO_ROOT, renderConfigFiles } from './config-docs';

describe(renderConfigFiles.name, () => {
  it.each(['.env.example', 'README.md'])(
    'finds %s as src/config/environment.ts renders it (else run npm run docs:config)',
    (path) => {
      // Act
      const file = renderConfigFiles().find((candidate) => candidate.path === path);

      // Assert
      expect(file?.current).toBe(file?.expected);
    },
  );
});

describe(configDocs.name, () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'config-docs-'));
    mkdirSync(join(root, 'src/config'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'src/config/environment.ts'), join(root, 'src/config/environment.ts'));
    writeFileSync(join(root, 'README.md'), '# Title\n<!-- config:start -->\n<!-- config:end -->\n');
    writeFileSync(join(root, '.env.example'), 'PORT=1\n');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('with --check names the drifted files and leaves them alone', () => {
    // Act
    const result = configDocs(['--check'], root);

    // Assert
    expect(result).toEqual({ drifted: ['.env.example', 'README.md'], written: false });
    expect(readFileSync(join(root, '.env.example'), 'utf8')).toBe('PORT=1\n');
  });

  it('without --check rewrites the drifted files, after which --check passes', () => {
    // Act
    configDocs([], root);

    // Assert
    expect(configDocs(['--check'], root).drifted).toEqual([]);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(
      /^# Title\n<!-- config:start -->\n[\s\S]*### Advanced[\s\S]*<!-- config:end -->\n$/,
    );
  });
});
