// Vitest configuration of the scale end-to-end tests (src/**/*.scale.test.ts): a generated
// collection of thousands of documents and timings in Chromium, so they run alone, after the main
// suite (`npm run test:scale`; not yet part of `npm test`: issue 13's targets are not met), one file at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.scale.test.ts'],
    exclude: ['node_modules', 'dist'],
    environment: 'node',
    testTimeout: 1_800_000,
    hookTimeout: 3_600_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-scale.json' }]],
  },
});
