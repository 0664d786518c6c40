import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsIn, IsNumber, IsObject, IsOptional, IsString, MinLength } from 'class-validator';

/** What the cache reads of each message; validated one by one (see validateMessagesRequest). */
export class AnthropicMessageDto {
  @IsIn(['user', 'assistant'])
  role!: string;
}

/**
 * The fields of a Messages request the cache relies on. Only these are validated: every other
 * parameter (max_tokens included) is the upstream's business and goes through untouched.
 */
export class MessagesRequestDto {
  @ApiProperty({ example: 'claude-sonnet-4-5' })
  @IsString()
  @MinLength(1)
  model!: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'the conversation; each message has a `role`' })
  @IsArray()
  @ArrayNotEmpty()
  @IsObject({ each: true })
  messages!: AnthropicMessageDto[];

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'SSE answer; cached and replayed as SSE' })
  @IsOptional()
  @IsIn([true, false, null])
  stream?: boolean | null;

  /** Compared with CACHE_MAX_TEMPERATURE and SEMANTIC_MAX_TEMPERATURE. */
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'above CACHE_MAX_TEMPERATURE: forwarded uncached' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  temperature?: number | null;
}
