import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // the executables' tests need `npm run build:exe` first: `npm run test:exe`
    exclude: ['tests/exe/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // vitest's default is one worker less than the cores: a single worker on a 2-core machine, which leaves the
    // second core idle while a test waits for LibreOffice or a child process. Every core runs a test file instead.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
