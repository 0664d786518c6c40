import { redactUrl } from './redact-url';

describe(redactUrl.name, () => {
  it.each([
    ['redis://:s3cret@localhost:6379/0', 'redis://:***@localhost:6379/0'],
    ['rediss://user:s3cret@127.0.0.1:6380/2', 'rediss://user:***@127.0.0.1:6380/2'],
    ['rediss://user:p%40ss%3Aword@host:6380', 'rediss://user:***@host:6380'],
    ['redis://host:6379?password=s3cret&db=1', 'redis://host:6379?password=***&db=1'],
    ['https://user:s3cret@llm.example/v1', 'https://user:***@llm.example/v1'],
  ])('hides the password of %s', (url, expected) => {
    const sut = redactUrl(url);

    expect(sut).toBe(expected);
    expect(sut).not.toContain('s3cret');
  });

  it('keeps a URL without a password as it is', () => {
    expect(redactUrl('rediss://user@host:6380/0')).toBe('rediss://user@host:6380/0');
  });

  it('gives a placeholder, not the text, for an unparseable URL', () => {
    expect(redactUrl('not a url :s3cret@')).toBe('<unparseable url>');
  });
});
