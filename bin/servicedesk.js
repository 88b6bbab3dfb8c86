#!/usr/bin/env node
// The `servicedesk` command. `npm ci` compiles TypeScript to dist/ (the prepare script).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'dist', 'src', 'main', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write('servicedesk: not built yet — run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
require(entry);
