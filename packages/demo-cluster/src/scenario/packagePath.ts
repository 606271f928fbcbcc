import * as path from 'path';

const PACKAGE_NAME = '@meshwise/demo-cluster';

/**
 * Resolves a path inside this package's directory. Module resolution of the
 * package's own `package.json` finds the directory wherever the package is
 * installed or bundled, unlike `__dirname`, which moves when sources are built.
 */
export function packagePath(...segments: string[]): string {
  return path.resolve(
    path.dirname(require.resolve(`${PACKAGE_NAME}/package.json`)),
    ...segments,
  );
}
