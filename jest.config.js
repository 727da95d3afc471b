/** Unit tests run in parallel; end-to-end suites share two cores with real servers, so one at a time. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] };
/** `@uplift/<lib>` as tsconfig's paths resolve it (and tsc-alias, and the workflow bundle's alias). */
const moduleNameMapper = {
  '^@uplift/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  '^@uplift/([a-z-]+)/(.+)$': '<rootDir>/libs/$1/src/$2',
};

module.exports = {
  testTimeout: 180000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: [
        '<rootDir>/{apps,libs,workflows}/**/*.spec.ts',
        '<rootDir>/test/{unit,replay}/**/*.spec.ts',
      ],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
    {
      // `npm run test:faults`: processes killed and services stopped under real journeys.
      displayName: 'faults',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
    },
  ],
};
