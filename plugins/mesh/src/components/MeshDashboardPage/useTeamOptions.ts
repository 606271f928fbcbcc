import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

export interface TeamOption {
  /** The owner ref the backend filters on, e.g. `group:default/payments`. */
  ref: string;
  /** The group's display name (profile display name, else title), when it has one. */
  displayName?: string;
}

/**
 * Teams to offer in the filter: every catalog group, as owner refs (the form
 * the backend filters on) with their display names. Without a catalog the
 * filter still accepts typed refs.
 */
export function useTeamOptions(): TeamOption[] {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!catalogApi) return [];
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items
      .map(e => {
        const profile = (e.spec?.profile ?? {}) as { displayName?: unknown };
        const displayName =
          typeof profile.displayName === 'string'
            ? profile.displayName
            : e.metadata.title;
        return {
          ref: stringifyEntityRef(e),
          ...(displayName ? { displayName } : {}),
        };
      })
      .sort((a, b) => a.ref.localeCompare(b.ref));
  }, [catalogApi]);
  return value ?? [];
}
