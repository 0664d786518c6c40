import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MinLength,
  ValidateNested,
} from 'class-validator';

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
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages!: ChatMessageDto[];

  @IsOptional()
  @IsIn([true, false, null])
  stream?: boolean | null;
}
