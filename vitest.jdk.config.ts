import { defineConfig } from 'vitest/config';

// Tests that need a JDK on PATH (not something `npm ci` can bring): `npm run test:jdk`, and
// .ci/run wherever java is installed. They are kept out of `npm test` for machines with only Node.
export default defineConfig({
  test: {
    include: ['test/jdk/**/*.test.ts'],
    testTimeout: 90_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest-jdk.json' }]] : ['default'],
  },
});
