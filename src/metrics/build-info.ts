import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gauge } from 'prom-client';
import { METRIC } from './metrics.constants';

/** package.json's version; the file sits two levels up from both src/metrics and dist/metrics. */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** Sets `llm_cache_build_info` once, the Prometheus idiom for joining a version onto other series. */
@Injectable()
export class BuildInfo {
  constructor(@InjectMetric(METRIC.buildInfo) gauge: Gauge) {
    gauge.set({ version: packageVersion(), node_version: process.version }, 1);
  }
}
