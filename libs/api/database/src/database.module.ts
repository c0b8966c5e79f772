import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { buildDataSourceOptions, migrate } from './data-source';

/**
 * TypeORM on PostgreSQL (DATABASE_URL) or embedded PGlite (DATA_DIR). Migrations run before any
 * repository is handed out, so every provider sees the current schema.
 */
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [CASTER_CONFIG],
          useFactory: async (config: CasterConfig) => ({
            ...(await buildDataSourceOptions(config)),
            autoLoadEntities: true,
          }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (!options) throw new Error('no data source options');
            const dataSource = await new DataSource(options).initialize();
            await migrate(dataSource, !('url' in options && options.url));
            return dataSource;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
