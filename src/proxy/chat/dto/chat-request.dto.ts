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
  @IsString()
  @MinLength(1)
  model!: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsObject({ each: true })
  messages!: ChatMessageDto[];

  @IsOptional()
  @IsIn([true, false, null])
  stream?: boolean | null;

  /** Compared with CACHE_MAX_TEMPERATURE: a number, or the cache could not tell (its range is the upstream's business). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  temperature?: number | null;

  /** Above 1, the request is not cached: a whole number (its range is the upstream's business). */
  @IsOptional()
  @IsInt()
  n?: number | null;
}
