import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { MetricsService } from './metrics.service';

/** Counts every HTTP response, including those Fastify answers itself (bad JSON, 413, 404). */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    // Absent in a standalone application context (the cache:clear command).
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onResponse', (request, reply, done) => {
      // The route template keeps the label set bounded; unmatched URLs share one label.
      this.metrics.recordHttpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
      done();
    });
  }
}
