// Writes docs/findings.md from the finding catalogue (npm run docs:findings).
import fs from 'fs';
import path from 'path';
import { renderFindingsDoc } from '../plugins/mesh-common/src/findings/findingsDoc';

const target = path.resolve(__dirname, '..', 'docs', 'findings.md');
fs.writeFileSync(target, renderFindingsDoc());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
