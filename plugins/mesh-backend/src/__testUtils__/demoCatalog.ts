import * as fs from 'node:fs';
import * as path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

const CATALOG_DIR = path.dirname(
  require.resolve('@meshwise/demo-cluster/catalog/catalog-info.yaml'),
);

/** The demo catalog (packages/demo-cluster/catalog), as the catalog would serve it. */
export function loadDemoCatalog(): Entity[] {
  return ['org.yaml', 'namespaces.yaml', 'components.yaml'].flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(CATALOG_DIR, file), 'utf8'))
      .map(doc => doc.toJS() as Entity | null)
      .filter((entity): entity is Entity => Boolean(entity))
      .map(entity => ({
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
      })),
  );
}
