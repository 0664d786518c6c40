import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { TokenUsage } from '../common/cached-answer';
import { PriceTable } from '../pricing/price-table';
import { METRIC } from './metrics.constants';

/** What one cache hit did not spend upstream: the stored answer's tokens, in its namespace and model. */
export interface HitSaving {
  namespace: string;
  model: string;
  /** Completion tokens of the stored answer (CachedAnswer.tokens); the output when `usage` is absent. */
  tokens: number;
  /** The upstream's usage report kept with the answer; undefined = it sent none (no input tokens known). */
  usage?: TokenUsage;
}

/** Saved tokens and dollars of one namespace and model, as /metrics/json lists them. */
export interface SavedBy {
  namespace: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Namespace × model pairs kept for /metrics/json; later pairs are summed under {@link OTHER}. */
const MAX_PAIRS = 1000;
/** The metric label (and JSON name) of unpriced models and of pairs past {@link MAX_PAIRS}. */
const OTHER = 'other';

/**
 * Turns cache hits into saved tokens and dollars. Prometheus labels only the model, and only a
 * priced one (others are `other`): namespaces may be HMACs of API keys, one per key, so they appear
 * only in /metrics/json, whose table is capped at {@link MAX_PAIRS} pairs.
 */
@Injectable()
export class SavingsService {
  private readonly byPair = new Map<string, SavedBy>();

  constructor(
    @InjectMetric(METRIC.savedTokens) private readonly savedTokens: Counter,
    @InjectMetric(METRIC.savedCost) private readonly savedCost: Counter,
    private readonly prices: PriceTable,
  ) {}

  record({ namespace, model, tokens, usage }: HitSaving): void {
    const inputTokens = usage?.prompt ?? 0;
    const outputTokens = usage?.completion ?? tokens;
    const label = this.prices.pricedName(model) ?? OTHER;
    const costUsd = this.prices.costUsd(model, inputTokens, outputTokens) ?? 0;
    if (inputTokens > 0) this.savedTokens.inc({ kind: 'input', model: label }, inputTokens);
    if (outputTokens > 0) this.savedTokens.inc({ kind: 'output', model: label }, outputTokens);
    // Created at 0 for an unpriced model too, so the series exists once anything was saved.
    this.savedCost.inc({ model: label }, costUsd);
    const pair = this.pair(namespace, model);
    pair.inputTokens += inputTokens;
    pair.outputTokens += outputTokens;
    pair.costUsd += costUsd;
  }

  /** Saved tokens and dollars per namespace and model, most dollars first. */
  byNamespaceAndModel(): SavedBy[] {
    return [...this.byPair.values()].sort((a, b) => b.costUsd - a.costUsd || b.outputTokens - a.outputTokens);
  }

  private pair(namespace: string, model: string): SavedBy {
    let key = JSON.stringify([namespace, model]);
    if (!this.byPair.has(key) && this.byPair.size >= MAX_PAIRS) {
      [namespace, model, key] = [OTHER, OTHER, JSON.stringify([OTHER, OTHER])];
    }
    let pair = this.byPair.get(key);
    if (!pair) {
      pair = { namespace, model, inputTokens: 0, outputTokens: 0, costUsd: 0 };
      this.byPair.set(key, pair);
    }
    return pair;
  }
}
