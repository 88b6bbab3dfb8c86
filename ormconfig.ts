/**
 * The DataSource used by the TypeORM CLI (`npm run typeorm -- migration:show`, after
 * `npm run build`). The app builds its DataSource in src/db with the same options.
 * Needs DATABASE_URL; the embedded database is started by the app, not by the CLI.
 */
import { loadConfig } from './src/config/load';
import { createDataSource } from './src/db/data-source';

const config = loadConfig();
if (!config.DATABASE_URL) {
  throw new Error('ormconfig: set DATABASE_URL (the TypeORM CLI does not start the embedded database)');
}
export default createDataSource({ url: config.DATABASE_URL });
