import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], {
    cwd: packageDir,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, ['scripts/copy-protos.mjs'], { cwd: packageDir, stdio: 'inherit' });
}
