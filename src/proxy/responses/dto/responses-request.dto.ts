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
  @IsOptional()
  @IsString()
  @MinLength(1)
  model?: string;

  @IsOptional()
  @Validate(IsResponsesInput)
  input?: unknown;

  @IsOptional()
  @IsIn([true, false])
  stream?: boolean | null;

  @IsOptional()
  @IsIn([true, false])
  background?: boolean | null;

  @IsOptional()
  @IsNumber()
  temperature?: number | null;

  @IsOptional()
  @IsString()
  previous_response_id?: string | null;
}
