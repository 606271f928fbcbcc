// `npm start`: install what is missing, then run the demo portal (frontend on
// :3000, backend on :7007) against the embedded demo cluster.
import { ensureNodeModules, run } from './setup.mjs';

ensureNodeModules();
run('npx', ['backstage-cli', 'repo', 'start', ...process.argv.slice(2)]);
