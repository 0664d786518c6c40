import { parseNamespaceSettings, settingsFor } from './namespace-settings';

describe('parseNamespaceSettings', () => {
  it("reads each namespace's settings, and a sub-namespace takes its parent's", () => {
    const sut = parseNamespaceSettings('{"team-a": {"threshold": 0.9, "ttlSeconds": 60}}', 'FILE');

    expect(settingsFor(sut, 'team-a/docs')).toEqual({ threshold: 0.9, ttlSeconds: 60 });
    expect(settingsFor(sut, 'team-b')).toEqual({});
  });

  it.each([
    ['not json', /FILE: not JSON/],
    ['[]', /FILE: must be an object/],
    ['{"bad name!": {}}', /FILE: namespace bad name! must be/],
    ['{"a": {"band": -1}}', /FILE: a: band must not be less than 0/],
    ['{"a": {"thresold": 0.9}}', /FILE: a: property thresold should not exist/],
  ])('refuses %s, naming the source', (text, message) => {
    expect(() => parseNamespaceSettings(text, 'FILE')).toThrow(message);
  });
});
