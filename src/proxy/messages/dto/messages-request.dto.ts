import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class AnthropicMessageDto {
  @IsIn(['user', 'assistant'])
  role!: string;
}

/**
 * The fields of a Messages request the cache relies on. Only these are validated: every other
 * parameter (max_tokens included) is the upstream's business and goes through untouched.
 */
export class MessagesRequestDto {
  @IsString()
  @MinLength(1)
  model!: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AnthropicMessageDto)
  messages!: AnthropicMessageDto[];

  @IsOptional()
  @IsIn([true, false, null])
  stream?: boolean | null;

  /** Compared with CACHE_MAX_TEMPERATURE and SEMANTIC_MAX_TEMPERATURE. */
  @IsOptional()
  @IsNumber()
  temperature?: number | null;
}
