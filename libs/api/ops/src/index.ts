export * from './ops.module';
export * from './metrics/metrics.service';
