import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MinLength,
} from 'class-validator';

/** What the cache reads of each message; validated one by one (see validateChatRequest). */
export class ChatMessageDto {
  @IsIn(['system', 'developer', 'user', 'assistant', 'tool', 'function'])
  role!: string;
}

/**
 * The fields of a chat request the cache relies on. Only these are validated: every other
 * parameter is the upstream's business and goes through untouched.
 */
export class ChatRequestDto {
  @ApiProperty({ example: 'gpt-4o-mini' })
  @IsString()
  @MinLength(1)
  model!: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'the conversation; each message has a `role`' })
  @IsArray()
  @ArrayNotEmpty()
  @IsObject({ each: true })
  messages!: ChatMessageDto[];

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'SSE answer; cached and replayed as SSE' })
  @IsOptional()
  @IsIn([true, false, null])
  stream?: boolean | null;

  /** Compared with CACHE_MAX_TEMPERATURE: a number, or the cache could not tell (its range is the upstream's business). */
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'above CACHE_MAX_TEMPERATURE: forwarded uncached' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  temperature?: number | null;

  /** Above 1, the request is not cached: a whole number (its range is the upstream's business). */
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'above 1: forwarded uncached' })
  @IsOptional()
  @IsInt()
  n?: number | null;
}
