import { Global, Module, type DynamicModule } from '@nestjs/common';
import { parseConfig, type CasterConfig } from './config';

/** Injection token of the parsed configuration. */
export const CASTER_CONFIG = Symbol('CASTER_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** The one place that reads process.env. Tests pass their own values. */
  static forRoot(config: CasterConfig = parseConfig(process.env)): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CASTER_CONFIG, useValue: config }],
      exports: [CASTER_CONFIG],
    };
  }
}

/** Reads the environment the way the API does at boot (for main.ts and scripts). */
export function loadConfigFromEnv(): CasterConfig {
  return parseConfig(process.env);
}
