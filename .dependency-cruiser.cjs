/**
 * The layers of DESIGN §5 as rules (`npm run lint:deps`, run by CI):
 * schema → generated types → resolvers → context → Graph client → HTTP, the emulator apart.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules import each other in one direction only.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'graph-and-auth-know-no-graphql',
      severity: 'error',
      comment: 'The Graph client and the token layer know nothing of GraphQL, Apollo or the layers above them.',
      from: { path: '^src/(graph|auth)/' },
      to: {
        path: ['^node_modules/(graphql|@apollo|@graphql-codegen)/', '^src/(resolvers|plugins|analysis|selection|limits|observability|__generated__)/', '^src/(server|context|bootstrap|errors)\\.ts$'],
      },
    },
    {
      name: 'emulator-only-from-the-embedded-bootstrap-and-tests',
      severity: 'error',
      comment: 'The emulator is a product of its own; the gateway reaches it only to embed it.',
      from: { path: '^src/', pathNot: '^src/(embedded-emulator|bootstrap)\\.ts$' },
      to: { path: ['^emulator/', '^node_modules/@msgraph-graphql/emulator', '^src/emulator/'] },
    },
    {
      name: 'emulator-shares-no-gateway-code',
      severity: 'error',
      comment: 'A bug must not sit on both sides of the wire and cancel out.',
      from: { path: '^(emulator|src/emulator)/' },
      to: { path: '^src/', pathNot: '^src/emulator/' },
    },
    {
      name: 'config-loads-no-plugin',
      severity: 'error',
      comment: 'Reading settings must not load Apollo or a plugin.',
      from: { path: '^src/config\\.ts$' },
      to: { path: ['^src/plugins/', 'plugin\\.ts$', '^src/(server|context)\\.ts$'], reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/__generated__/', 'dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
