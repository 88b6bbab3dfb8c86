import { Initial1764201600000 } from './1764201600000-Initial';

/** Every migration in order. Listed, not globbed, so src/ (jest) and dist/ run the same set. */
export const MIGRATIONS = [Initial1764201600000];
