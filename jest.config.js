/** Unit tests run in parallel; end-to-end suites share two cores with real servers, so one at a time. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] };

module.exports = {
  testTimeout: 180000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/{apps,libs,workflows}/**/*.spec.ts',
        '<rootDir>/test/{unit,replay}/**/*.spec.ts',
      ],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
    {
      // `npm run test:faults`: processes killed and services stopped under real journeys.
      displayName: 'faults',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
    },
  ],
};
