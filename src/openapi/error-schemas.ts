import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The service's error body outside /v1 (ErrorResponseFilter). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({
    description: 'Stable error code',
    example: 'E_INVALID_REQUEST',
    enum: [
      'E_INVALID_REQUEST',
      'E_UNAUTHORIZED',
      'E_FORBIDDEN',
      'E_NOT_FOUND',
      'E_PAYLOAD_TOO_LARGE',
      'E_UNSUPPORTED_MEDIA_TYPE',
      'E_RATE_LIMITED',
      'E_LLM_UPSTREAM',
      'E_LLM_NOT_CONFIGURED',
      'E_LLM_UNAVAILABLE',
      'E_LLM_TIMEOUT',
      'E_REQUEST_TIMEOUT',
      'E_INTERNAL',
    ],
  })
  code!: string;

  @ApiProperty({ example: 'question must contain a non-whitespace character' })
  message!: string;

  @ApiPropertyOptional({ description: 'On an unexpected 500 only: the id to find in the log' })
  errorId?: string;
}

class OpenAiErrorBody {
  @ApiProperty()
  message!: string;

  @ApiProperty({ example: 'invalid_request_error' })
  type!: string;

  @ApiProperty({ nullable: true, type: String })
  param!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'E_INVALID_REQUEST' })
  code!: string | null;
}

/**
 * The service's own errors under /v1, in OpenAI's shape (https://platform.openai.com/docs/guides/error-codes);
 * /v1/messages uses Anthropic's `{type: "error", error: {type, message}}`. Upstream errors pass through as sent.
 */
export class OpenAiErrorDto {
  @ApiProperty({ type: OpenAiErrorBody })
  error!: OpenAiErrorBody;
}
