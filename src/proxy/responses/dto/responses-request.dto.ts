import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/** `input` is a string, or a list of items (each a JSON object). */
@ValidatorConstraint({ name: 'isResponsesInput' })
export class IsResponsesInput implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value === 'string') return true;
    return (
      Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
    );
  }

  defaultMessage(): string {
    return 'input must be a string or an array of objects';
  }
}

/**
 * The fields of a Responses request the cache relies on. Only these are validated: every other
 * parameter is the upstream's business and goes through untouched.
 */
export class ResponsesRequestDto {
  @ApiPropertyOptional({ example: 'gpt-4o-mini' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  model?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }],
    description: 'text or input items',
  })
  @IsOptional()
  @Validate(IsResponsesInput)
  input?: unknown;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'SSE answer; cached and replayed as SSE' })
  @IsOptional()
  @IsIn([true, false])
  stream?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'true: forwarded uncached' })
  @IsOptional()
  @IsIn([true, false])
  background?: boolean | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'above CACHE_MAX_TEMPERATURE: forwarded uncached' })
  @IsOptional()
  @IsNumber()
  temperature?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'continues a stored conversation: forwarded uncached',
  })
  @IsOptional()
  @IsString()
  previous_response_id?: string | null;
}
