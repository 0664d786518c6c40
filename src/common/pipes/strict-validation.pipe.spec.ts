import { IsOptional, IsString, Matches } from 'class-validator';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { StrictValidationPipe } from './strict-validation.pipe';

class SampleDto {
  @IsString()
  name!: string;

  @IsOptional()
  @Matches(/^[a-z]+$/, { message: 'tag must be lowercase letters' })
  tag?: string;
}

describe(StrictValidationPipe.name, () => {
  const sut = new StrictValidationPipe();
  const body = { type: 'body' as const, metatype: SampleDto };

  it('returns an instance of the DTO carrying the valid fields', () => {
    const result = sut.transform({ name: 'a', tag: 'x' }, body);
    expect(result).toBeInstanceOf(SampleDto);
    expect(result).toEqual(Object.assign(new SampleDto(), { name: 'a', tag: 'x' }));
  });

  it('rejects unknown fields, naming them', () => {
    expect(() => sut.transform({ name: 'a', extra: 1 }, body)).toThrow(/property extra should not exist/);
  });

  it('rejects invalid fields with every message joined', () => {
    const act = () => sut.transform({ name: 5, tag: 'UP' }, body);
    expect(act).toThrow(InvalidRequestError);
    expect(act).toThrow(
      /name must be a string; tag must be lowercase letters|tag must be lowercase letters; name must be a string/,
    );
  });

  it('rejects an own __proto__ field instead of making it the prototype of the DTO', () => {
    // Arrange: what a query string `?__proto__=a&__proto__=b` parses to.
    const query = Object.assign(Object.create(null) as object, { name: 'a' });
    Object.defineProperty(query, '__proto__', { value: ['a', 'b'], enumerable: true });

    // Act / Assert
    expect(() => sut.transform(query, { type: 'query', metatype: SampleDto })).toThrow(
      /property __proto__ should not exist/,
    );
    expect(Object.getPrototypeOf(new SampleDto())).toBe(SampleDto.prototype);
  });

  it.each([[null], ['x'], [{}]])('rejects a constructor field (%p) naming it, as any unknown field', (constructor) => {
    const body = JSON.parse(JSON.stringify({ name: 'a', constructor })) as unknown;

    expect(() => sut.transform(body, { type: 'body', metatype: SampleDto })).toThrow(
      /^property constructor should not exist$/,
    );
  });

  it.each([[null], [[1, 2]], ['text'], [42]])('rejects a body that is not a JSON object (%p)', (value) => {
    expect(() => sut.transform(value, body)).toThrow(/request body must be a JSON object/);
  });

  it('passes primitives and custom parameters through untouched', () => {
    expect(sut.transform('5', { type: 'param', metatype: String })).toBe('5');
    expect(sut.transform({ any: 1 }, { type: 'custom', metatype: SampleDto })).toEqual({ any: 1 });
    expect(sut.transform('x', { type: 'body' })).toBe('x');
  });
});
