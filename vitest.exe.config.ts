import { defineConfig } from 'vitest/config';

/** `npm run test:exe`: the single-file executables (built first by `npm run build:exe`). */
export default defineConfig({
  test: {
    include: ['tests/exe/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
