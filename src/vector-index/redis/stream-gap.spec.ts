import { lostChanges, StreamState } from './stream-gap';

const state = (entriesAdded: number, maxDeletedId = '0-0'): StreamState => ({ entriesAdded, maxDeletedId });

describe('lostChanges', () => {
  it('sees none while the stream only grows and is trimmed behind the reader', () => {
    expect(lostChanges(state(120, '5-0'), state(100, '3-0'), '10-0')).toBeUndefined();
    expect(lostChanges(state(120, '10-0'), state(100), '10-0')).toBeUndefined();
  });

  it('sees none when there never was a stream', () => {
    expect(lostChanges(undefined, undefined, '0-0')).toBeUndefined();
  });

  it('reports a stream that vanished after the reader read from it', () => {
    expect(lostChanges(undefined, state(100), '10-0')).toBe('the change stream is gone');
  });

  it('reports a stream created anew since the last look', () => {
    expect(lostChanges(state(3), state(100), '10-0')).toBe('the change stream was created anew');
  });

  it('reports entries trimmed before the reader reached them', () => {
    expect(lostChanges(state(200, '11-0'), state(100), '10-5')).toBe('the change stream was trimmed past this replica');
  });
});
