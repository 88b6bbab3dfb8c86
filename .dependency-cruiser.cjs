/**
 * The direction of dependencies in src/, checked by `npm test` (test/unit/architecture.test.ts)
 * and by hand with `npx depcruise src`. Layers, from the inside out:
 *
 *   domain/                      the vocabulary and the rules: pure, imports nothing at all
 *   contacts/ tickets/ reports/  the service desk's records and use cases; never the pipeline,
 *   users/ i18n/ help/ courses/  the workspace or the entry points
 *   pipeline/                    the inbound story; hands its decisions to tickets/
 *   training/                    offline: trains and evaluates what pipeline/classify runs
 *   api/                         the agent workspace
 *   main/                        entry points and wiring; nothing imports them
 *
 * shared/, config/, db/, mail/, queue/, observability/ are adapters and helpers any layer may use.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Two folders that import each other are one folder in disguise: move the shared part down a layer.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      comment: 'Entities name each other for their relations (import type only; TypeORM resolves them by name at run time), the one cycle allowed.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/entities/' },
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing',
      comment: 'src/domain is the core every layer imports; it imports nothing: not our other folders, not a package, not node.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'records-do-not-know-the-pipeline',
      comment: 'tickets, contacts, reports, users, i18n, help and courses are called by the pipeline and the workspace, never the other way round.',
      severity: 'error',
      from: { path: '^src/(tickets|contacts|reports|users|i18n|help|courses)/' },
      to: { path: '^src/(pipeline|training|api|main)/' },
    },
    {
      name: 'pipeline-does-not-know-the-workspace',
      severity: 'error',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/(api|main|training)/' },
    },
    {
      name: 'adapters-stay-below',
      comment: 'Helpers and adapters are used by every layer, so they may not import one.',
      severity: 'error',
      from: { path: '^src/(shared|config|db|mail|queue|observability)/' },
      to: { path: '^src/(pipeline|training|tickets|contacts|reports|users|help|courses|api|main)/' },
    },
    {
      name: 'only-main-wires',
      comment: 'main/ is the entry points; nothing imports them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main/' },
      to: { path: '^src/main/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.json') },
    exclude: { path: '\\.d\\.ts$' },
  },
};
