import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { dataSourceOptions, ENTITIES, runMigrations } from './data-source';

/** The database connection; pending migrations are applied before anything uses it. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: UpliftConfig) => dataSourceOptions(config.DATABASE_URL),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
