// Vitest configuration of the scale end-to-end tests (src/**/*.scale.test.ts): a generated
// collection of 10,000 documents and timings held to issue 13's budgets in Chromium, so they run
// alone, after the main suite (`npm run test:scale`), one file at a time. `npm test` runs the same
// first screens on 1,000 generated documents with a generous bound (src/web/e2e/first-screen.e2e.test.ts).
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
