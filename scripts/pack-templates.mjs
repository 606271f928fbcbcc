// Used by the scaffolder module's prepack / postpack: the templates live in the
// repository's templates/ folder and ship inside
// @meshwise/plugin-scaffolder-backend-module-mesh (its `files` lists
// "templates"), so a portal registers them from node_modules without a clone.
//   node ../../scripts/pack-templates.mjs copy    (in the package folder)
//   node ../../scripts/pack-templates.mjs remove
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'templates',
);
const target = join(process.cwd(), 'templates');
const command = process.argv[2];

if (resolve(target) === source) {
  throw new Error('run this in the package folder, not the repository root');
}
if (command === 'copy') {
  if (!existsSync(join(source, 'catalog-info.yaml'))) {
    throw new Error(`no templates at ${source}`);
  }
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
} else if (command === 'remove') {
  rmSync(target, { recursive: true, force: true });
} else {
  throw new Error('usage: pack-templates.mjs copy|remove');
}
