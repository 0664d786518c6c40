import { sha256 } from '../common/sha256';

/** Everything that must be equal before two questions may share an answer. */
export interface PartitionInputs {
  model: string;
  embedderId: string;
  /**
   * Hash of everything else that changes the answer: system prompt, earlier turns, generation
   * parameters (see the proxy's chat-request analysis). '' for a bare question (POST /ask).
   */
  context?: string;
}

/**
 * The hard partition of the semantic layer: a match is searched only among entries with the
 * same partition (and namespace), so only the question text is ever compared by similarity.
 */
export function semanticPartition({ model, embedderId, context = '' }: PartitionInputs): string {
  return sha256('v1', model, embedderId, context).slice(0, 24);
}

/** Entry id: the same question in the same partition overwrites rather than duplicates. */
export function semanticEntryId(partition: string, normalizedQuestion: string): string {
  return sha256(partition, normalizedQuestion).slice(0, 32);
}
