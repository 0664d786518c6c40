import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AnswerSource } from '../../common/answer-source';

/** Body of a successful POST /ask. */
export class AskResponse {
  @ApiProperty()
  answer!: string;

  /** The layer that answered. */
  @ApiProperty({ enum: ['prompt_cache', 'semantic_cache', 'coalesced', 'llm'], description: 'the layer that answered' })
  source!: AnswerSource;

  /** Cosine similarity of the matched question; semantic hits only. */
  @ApiPropertyOptional({ description: 'semantic hits: cosine similarity of the matched question' })
  similarity?: number;

  /** The cached question whose answer was served; semantic hits only, for auditing. */
  @ApiPropertyOptional({ description: 'semantic hits: the cached question whose answer was served' })
  matchedQuestion?: string;

  /** Server-side time to answer, milliseconds. */
  @ApiProperty({ description: 'server-side time to answer, ms' })
  latencyMs!: number;

  /** Store key of the entry that served (or now holds) the answer. */
  @ApiProperty({ description: 'store key of the entry (DELETE /cache/entries/{key})' })
  cacheKey!: string;

  @ApiProperty()
  namespace!: string;

  @ApiProperty()
  model!: string;
}
