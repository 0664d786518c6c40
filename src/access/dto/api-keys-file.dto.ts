// class-transformer's @Type reads design metadata: make this file safe to load on its own (specs, scripts).
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../../common/namespace';

/** One key of API_KEYS_FILE. Exactly one of `key` and `sha256` (checked in api-keys.ts). */
export class ApiKeyEntryDto {
  /** Unique label, for logs and the rate-limit bucket; never the key. */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'name must be 1-64 characters of A-Z a-z 0-9 _ . -' })
  name!: string;

  /** The key itself. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  key?: string;

  /** Hex SHA-256 of the key, so the file need not hold the key; such an entry needs a namespace. */
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256?: string;

  /** The key's namespace; unset = derived from the key (HMAC-SHA256 with CACHE_SECRET). */
  @IsOptional()
  @Matches(NAMESPACE_PATTERN, { message: `namespace must be ${NAMESPACE_RULE}` })
  namespace?: string;

  /** Models the key may ask for; unset = any. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  models?: string[];

  /** Requests per minute, hits included; unset = RATE_LIMIT_RPM; 0 = unlimited. */
  @IsOptional()
  @IsInt()
  @Min(0)
  rateLimitRpm?: number;
}

/** The whole file: `{ keys: [...] }`. */
export class ApiKeysFileDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ApiKeyEntryDto)
  keys!: ApiKeyEntryDto[];
}
