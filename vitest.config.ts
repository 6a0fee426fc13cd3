import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
    // contracts: consumers write contracts/pacts (cleaned first), then the provider verifies them
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/docker/image.test.ts', 'test/jdk/**'] } },
      {
        extends: true,
        test: {
          name: 'contracts-consumer',
          include: ['contracts/consumer/**/*.pact.test.ts', 'contracts/examples/**/*.pact.test.ts'],
          globalSetup: ['contracts/clean-pacts.global-setup.ts'],
          env: { PACT_DO_NOT_TRACK: 'true' },
          // one writer at a time: several files add interactions to the same pact file
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'contracts-provider',
          include: ['contracts/provider/**/*.test.ts'],
          env: { PACT_DO_NOT_TRACK: 'true' },
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          // last and alone: a cold image build (apt, npm ci, a C++ compile) on 2 cores slows the
          // browser suites into timeouts, and their load would blur the image's startup numbers
          name: 'docker-image',
          include: ['test/docker/image.test.ts'],
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
