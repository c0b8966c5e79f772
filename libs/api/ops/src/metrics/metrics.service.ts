import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MetricsPort, type CastOutcomeLabel } from '@caster/api/core';
import { routeLabel } from './route-label';

/** Outcomes that are not refusals; every other outcome is a refusal code. */
const SERVED = new Set<string>(['ok', 'resumed']);

/**
 * This API process's Prometheus registry: its own, not prom-client's global one, so two apps in one
 * process (tests) never clash. Counters and histograms count what this replica saw (Prometheus sums
 * them across replicas); the gauges describe shared state and are set from the database at scrape
 * time (see StateGauges), so every replica reports the same truth.
 */
@Injectable()
export class MetricsService extends MetricsPort {
  readonly registry = new Registry();

  readonly casts = new Counter({
    name: 'caster_casts_total',
    help: 'Cast requests (POST /api/cast/:key) answered, by casting link key and outcome (ok, resumed or the refusal code)',
    labelNames: ['link', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly refusals = new Counter({
    name: 'caster_cast_refusals_total',
    help: 'Cast requests refused, by casting link key and refusal code',
    labelNames: ['link', 'reason'] as const,
    registers: [this.registry],
  });

  readonly checks = new Counter({
    name: 'caster_cast_checks_total',
    help: "Link checks (GET /api/cast/:key, the visitor page's look before launching), by casting link key and outcome (ok or the refusal code)",
    labelNames: ['link', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly launchDuration = new Histogram({
    name: 'caster_launch_duration_seconds',
    help: 'From the launch request to a usable (running) session, by provider and agent; warm staged sessions are not observed',
    labelNames: ['provider', 'agent'] as const,
    buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 120],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'caster_http_request_duration_seconds',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly sessions = new Gauge({
    name: 'caster_sessions',
    help: 'Sessions that are not over, by state and agent (from the database: the same on every replica)',
    labelNames: ['state', 'agent'] as const,
    registers: [this.registry],
  });

  readonly pools = new Gauge({
    name: 'caster_staging_pool_sessions',
    help: 'Staging pools: warm sessions ready to hand out, and the target, by pool (staging config id)',
    labelNames: ['pool', 'state'] as const,
    registers: [this.registry],
  });

  constructor() {
    super();
    collectDefaultMetrics({ register: this.registry });
  }

  castAnswered(link: string, outcome: CastOutcomeLabel): void {
    this.casts.inc({ link, outcome });
    if (!SERVED.has(outcome)) this.refusals.inc({ link, reason: outcome });
  }

  castChecked(link: string, outcome: CastOutcomeLabel): void {
    this.checks.inc({ link, outcome });
  }

  sessionReady(labels: { provider: string; agent: string }, seconds: number): void {
    this.launchDuration.observe(labels, Math.max(0, seconds));
  }

  /** Express middleware, mounted first: times every answered request under its route template. */
  readonly httpTimer = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.httpDuration.observe(
        { method: req.method, route: routeLabel(req), status: String(res.statusCode) },
        seconds,
      );
    });
    next();
  };
}
