import { validateSync, ValidationError } from 'class-validator';

/** Every constraint message of a validation, with the path of its field. */
export function messagesOf(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => (path ? `${path}.${m}` : m)),
    ...messagesOf(e.children ?? [], path ? `${path}.${e.property}` : e.property),
  ]);
}

export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The constraint messages of `fields` of `source`, copied onto a fresh `Dto` and validated there.
 * Only the checked fields, one level at a time, and never class-transformer: class-validator and
 * class-transformer look nested objects up by their `constructor`, which a request's own
 * `constructor` key (a tool schema's property named so, say) replaces, and then they throw.
 */
export function fieldErrors(
  Dto: new () => object,
  source: Record<string, unknown>,
  fields: readonly string[],
  path = '',
): string[] {
  const dto = new Dto() as Record<string, unknown>;
  for (const field of fields) if (Object.hasOwn(source, field)) dto[field] = source[field];
  return messagesOf(validateSync(dto, { forbidUnknownValues: false }), path);
}

/** fieldErrors of each object of `items` (at `path.<index>`); other elements are the caller's to refuse. */
export function itemErrors(Dto: new () => object, items: unknown, fields: readonly string[], path: string): string[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: unknown, i) =>
    isJsonObject(item) ? fieldErrors(Dto, item, fields, `${path}.${i}`) : [],
  );
}
