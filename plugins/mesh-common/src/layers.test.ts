import fs from 'fs';
import path from 'path';

/**
 * mesh-common's folders in the order they may import each other: a file
 * imports only from its own layer or the ones before it, so that imports run
 * one way (types at the bottom, the orchestration of the checks at the top).
 */
const LAYERS: readonly string[][] = [
  ['types'],
  ['util'],
  // The top-level modules: kinds, annotations, permissions, selections.
  ['.', 'api'],
  ['view'],
  ['findings', 'ownership'],
  ['analyzers'],
  ['checks'],
  ['analysis'],
];

const ROOT = __dirname;
const TEST_ONLY = /(\.test\.tsx?$|^__testUtils__|^__fixtures__)/;

function sourceFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (TEST_ONLY.test(path.relative(ROOT, full))) return [];
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function layerOf(file: string): number {
  const folder = path.relative(ROOT, path.dirname(file)).split(path.sep)[0];
  const layer = LAYERS.findIndex(names => names.includes(folder || '.'));
  if (layer < 0)
    throw new Error(`${file} is in no layer: add its folder to LAYERS`);
  return layer;
}

describe("mesh-common's layers", () => {
  it('imports only from the same layer or one below', () => {
    const upward: string[] = [];
    for (const file of sourceFiles()) {
      if (path.relative(ROOT, file) === 'index.ts') continue; // the package's surface
      const text = fs.readFileSync(file, 'utf8');
      for (const [, target] of text.matchAll(/from '(\.[^']*)'/g)) {
        const imported = path.resolve(path.dirname(file), target);
        if (layerOf(imported) > layerOf(file)) {
          upward.push(
            `${path.relative(ROOT, file)} imports ${path.relative(
              ROOT,
              imported,
            )}`,
          );
        }
      }
    }
    expect(upward).toEqual([]);
  });
});
