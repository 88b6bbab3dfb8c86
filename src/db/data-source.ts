import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export interface DataSourceParams {
  url: string;
  /** PGlite serves one connection at a time: the embedded database needs a pool of 1. */
  poolSize?: number;
  logging?: boolean;
}

export function dataSourceOptions(p: DataSourceParams): DataSourceOptions {
  return {
    type: 'postgres',
    url: p.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // Schema changes only through migrations, never synchronize.
    synchronize: false,
    migrationsRun: false,
    logging: p.logging ?? false,
    extra: { max: p.poolSize ?? 10 },
  };
}

export function createDataSource(p: DataSourceParams): DataSource {
  return new DataSource(dataSourceOptions(p));
}
