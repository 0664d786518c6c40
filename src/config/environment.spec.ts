import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Environment } from './environment';
import { readPropertyComments } from './property-comments';
import { settingsOf } from './setting.decorator';

const comments = readPropertyComments(readFileSync(join(__dirname, 'environment.ts'), 'utf8'), Environment.name);
const defaults = new Environment() as unknown as Record<string, unknown>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe(Environment.name, () => {
  it('gives every variable exactly one @Setting, and nothing else', () => {
    // Act
    const names = settingsOf(Environment).map((setting) => setting.name);

    // Assert
    expect([...names].sort()).toEqual(Object.keys(defaults).sort());
  });

  it('keeps the README main table to at most 15 settings', () => {
    // Act
    const main = settingsOf(Environment).filter((setting) => setting.main);

    // Assert
    expect(main.length).toBeLessThanOrEqual(15);
  });

  it.each(Object.keys(defaults))('documents %s in its TSDoc, default or unset included', (name) => {
    // Act
    const comment = comments.get(name) ?? '';

    // Assert
    const value = defaults[name];
    const expected =
      value === undefined
        ? /\bUnset\b/
        : new RegExp(`Default \`?${escapeRegExp(typeof value === 'string' ? value : JSON.stringify(value))}(?![0-9])`);
    expect(comment).toMatch(expected);
  });
});
