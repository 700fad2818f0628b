import { readdirSync, existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One run over every package: each package folder is a vitest project named after its folder,
// so `npx vitest run --project core` runs one package.
const packages = readdirSync('packages').filter((name) => existsSync(`packages/${name}/package.json`));

export default defineConfig({
  test: {
    projects: packages.map((name) => ({
      test: {
        name,
        root: `packages/${name}`,
        include: ['test/**/*.test.ts'],
        testTimeout: 60_000,
        hookTimeout: 60_000,
      },
    })),
  },
});
