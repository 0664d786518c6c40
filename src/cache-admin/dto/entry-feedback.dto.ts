import { IsBoolean, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

/** Body of POST /cache/entries/{key}/feedback: was the hit served for `question` right? */
export class EntryFeedbackDto {
  /** True: the hit was right (the entry's threshold may relax); false: it was wrong (it rises). */
  @IsBoolean()
  correct!: boolean;

  /** The question that got the hit; embedded to find the similarity it matched at. Required without `similarity`. */
  @ValidateIf((dto: EntryFeedbackDto) => dto.similarity === undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(32_000)
  question?: string;

  /** The similarity the hit was matched at, instead of `question`. */
  @IsOptional()
  @IsNumber()
  @Min(-1)
  @Max(1)
  similarity?: number;
}
