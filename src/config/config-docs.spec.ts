import {
  README_END,
  README_START,
  renderEnvExample,
  renderReadmeSection,
  SettingDoc,
  spliceReadme,
  wrap,
} from './config-docs';

function setting(overrides: Partial<SettingDoc> & Pick<SettingDoc, 'name'>): SettingDoc {
  return { group: 'HTTP', main: true, doc: 'one line', comment: 'A comment.', ...overrides };
}

describe(wrap.name, () => {
  it('breaks between words so that no line exceeds the width', () => {
    // Act
    const lines = wrap('aaa bbb ccc ddd', 7);

    // Assert
    expect(lines).toEqual(['aaa bbb', 'ccc ddd']);
  });

  it('gives a word longer than the width a line of its own', () => {
    // Act
    const lines = wrap('a https://example.com/long b', 5);

    // Assert
    expect(lines).toEqual(['a', 'https://example.com/long', 'b']);
  });
});

describe(renderEnvExample.name, () => {
  it('puts each variable after its comment, grouped in the order of SETTING_GROUPS', () => {
    // Arrange
    const settings = [
      setting({
        name: 'LLM_MODEL',
        group: 'LLM',
        default: 'gpt-4o-mini',
        comment: 'Chat model. Default `gpt-4o-mini`.',
      }),
      setting({ name: 'PORT', group: 'HTTP', default: '3000', comment: 'TCP port.' }),
    ];

    // Act
    const sut = renderEnvExample(settings);

    // Assert
    expect(sut).toContain(
      '# --- HTTP ---\n\n# TCP port.\nPORT=3000\n\n# --- LLM (any OpenAI-compatible server) ---\n\n# Chat model. Default `gpt-4o-mini`.\nLLM_MODEL=gpt-4o-mini\n',
    );
  });

  it('leaves a variable without a default blank and quotes a default with spaces', () => {
    // Arrange
    const settings = [setting({ name: 'REDIS_URL' }), setting({ name: 'GREETING', default: 'hello world' })];

    // Act
    const sut = renderEnvExample(settings);

    // Assert
    expect(sut).toContain('\nREDIS_URL=\n');
    expect(sut).toContain('\nGREETING="hello world"\n');
  });

  it('wraps long comments into lines of at most 100 characters', () => {
    // Arrange
    const settings = [setting({ name: 'PORT', default: '3000', comment: 'word '.repeat(60).trim() })];

    // Act
    const sut = renderEnvExample(settings);

    // Assert
    const comments = sut.split('\n').filter((line) => line.startsWith('# word'));
    expect(comments.length).toBeGreaterThan(2);
    expect(Math.max(...comments.map((line) => line.length))).toBeLessThanOrEqual(100);
  });
});

describe(renderReadmeSection.name, () => {
  it('renders the main settings, then the advanced ones under their own heading, between the markers', () => {
    // Arrange
    const settings = [
      setting({ name: 'BODY_LIMIT_BYTES', main: false, default: '262144', doc: 'largest body' }),
      setting({ name: 'PORT', default: '3000', doc: 'port' }),
    ];

    // Act
    const sut = renderReadmeSection(settings);

    // Assert
    expect(sut.startsWith(README_START)).toBe(true);
    expect(sut.endsWith(README_END)).toBe(true);
    const [main, advanced] = sut.split('### Advanced');
    expect(main).toContain('| `PORT` | `3000` | port |');
    expect(main).not.toContain('BODY_LIMIT_BYTES');
    expect(advanced).toContain('| `BODY_LIMIT_BYTES` | `262144` | largest body |');
  });

  it('shows what unset means in the default column and escapes pipes', () => {
    // Arrange
    const settings = [
      setting({ name: 'EMBED_PROVIDER', unset: 'openai | lexical', doc: 'a|b' }),
      setting({ name: 'REDIS_URL' }),
    ];

    // Act
    const sut = renderReadmeSection(settings);

    // Assert
    expect(sut).toContain('| `EMBED_PROVIDER` | openai \\| lexical | a\\|b |');
    expect(sut).toContain('| `REDIS_URL` | unset | one line |');
  });
});

describe(spliceReadme.name, () => {
  it('replaces the text between the markers and keeps the rest', () => {
    // Arrange
    const readme = `# Title\n\n${README_START}\nold table\n${README_END}\n\nAfter.\n`;

    // Act
    const sut = spliceReadme(readme, `${README_START}\nnew table\n${README_END}`);

    // Assert
    expect(sut).toBe(`# Title\n\n${README_START}\nnew table\n${README_END}\n\nAfter.\n`);
  });

  it('throws when the markers are missing', () => {
    // Act & Assert
    expect(() => spliceReadme('# Title\n', 'section')).toThrow(README_START);
  });
});
