import builtIn from './prices.json';

/** USD per 1M tokens of one model. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** The shape of prices.json and of a PRICES_FILE. */
export interface PriceFile {
  source?: string;
  date?: string;
  models: Record<string, ModelPrice>;
}

const isPrice = (value: unknown): value is ModelPrice =>
  typeof value === 'object' &&
  value !== null &&
  [(value as ModelPrice).input, (value as ModelPrice).output].every((n) => typeof n === 'number' && n >= 0);

/** Checks a parsed price file; throws naming the first bad entry. */
export function parsePriceFile(raw: unknown, origin: string): PriceFile {
  const models = (raw as PriceFile | null)?.models;
  if (typeof models !== 'object' || models === null) throw new Error(`${origin}: expected { "models": { ... } }`);
  for (const [model, price] of Object.entries(models)) {
    if (!isPrice(price)) throw new Error(`${origin}: ${model} needs numeric "input" and "output" USD per 1M tokens`);
  }
  return raw as PriceFile;
}

/**
 * Model prices: the built-in table (vendors' list prices at its `date`) overridden and extended by
 * the operator's. A dated model name (`gpt-4o-mini-2024-07-18`, `claude-sonnet-4-20250514`) takes
 * the price of its longest priced prefix.
 */
export class PriceTable {
  private readonly models: Map<string, ModelPrice>;

  constructor(override?: PriceFile, base: PriceFile = parsePriceFile(builtIn, 'prices.json')) {
    this.models = new Map(Object.entries({ ...base.models, ...override?.models }));
  }

  /** The priced name `model` falls under (itself or its longest priced prefix); undefined = unpriced. */
  pricedName(model: string): string | undefined {
    if (this.models.has(model)) return model;
    let best: string | undefined;
    for (const name of this.models.keys()) {
      if (model.startsWith(`${name}-`) && name.length > (best?.length ?? 0)) best = name;
    }
    return best;
  }

  /** USD of `inputTokens` and `outputTokens` of `model`; undefined when it is unpriced. */
  costUsd(model: string, inputTokens: number, outputTokens: number): number | undefined {
    const name = this.pricedName(model);
    const price = name === undefined ? undefined : this.models.get(name);
    return price && (inputTokens * price.input + outputTokens * price.output) / 1e6;
  }
}
