import { semanticEntryId, semanticPartition } from './semantic-partition';

describe('semanticPartition', () => {
  const base = { model: 'gpt-4o-mini', embedderId: 'lexical-v1-1024' };

  it('is 24 hex characters and stable for the same inputs', () => {
    // Act
    const partition = semanticPartition(base);

    // Assert
    expect(partition).toMatch(/^[0-9a-f]{24}$/);
    expect(semanticPartition({ ...base })).toBe(partition);
  });

  it('differs per model', () => {
    expect(semanticPartition({ ...base, model: 'gpt-4o' })).not.toBe(semanticPartition(base));
  });

  it('differs per embedder id', () => {
    expect(semanticPartition({ ...base, embedderId: 'openai:text-embedding-3-small' })).not.toBe(
      semanticPartition(base),
    );
  });

  it('keeps model and embedder id apart when text moves between them', () => {
    expect(semanticPartition({ model: 'ab', embedderId: 'c' })).not.toBe(
      semanticPartition({ model: 'a', embedderId: 'bc' }),
    );
  });
});

describe('semanticEntryId', () => {
  const partition = semanticPartition({ model: 'gpt-4o-mini', embedderId: 'lexical-v1-1024' });

  it('is 32 hex characters and stable for the same question in the same partition', () => {
    const id = semanticEntryId(partition, 'What is caching?');

    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(semanticEntryId(partition, 'What is caching?')).toBe(id);
  });

  it('differs per question', () => {
    expect(semanticEntryId(partition, 'What is a cache?')).not.toBe(semanticEntryId(partition, 'What is caching?'));
  });

  it('differs per partition for the same question', () => {
    const other = semanticPartition({ model: 'gpt-4o', embedderId: 'lexical-v1-1024' });

    expect(semanticEntryId(other, 'What is caching?')).not.toBe(semanticEntryId(partition, 'What is caching?'));
  });
});
