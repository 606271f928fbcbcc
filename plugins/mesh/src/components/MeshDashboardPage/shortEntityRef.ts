import { parseEntityRef } from '@backstage/catalog-model';

/** `group:default/storefront` → `storefront`; other namespaces stay visible. */
export function shortEntityRef(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}
