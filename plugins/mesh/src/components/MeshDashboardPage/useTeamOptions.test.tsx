import { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { useTeamOptions } from './useTeamOptions';

const group = (
  name: string,
  extra: { title?: string; displayName?: string } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, ...(extra.title ? { title: extra.title } : {}) },
  spec: {
    type: 'team',
    children: [],
    ...(extra.displayName
      ? { profile: { displayName: extra.displayName } }
      : {}),
  },
});

describe('useTeamOptions', () => {
  it('offers every group as an owner ref, with its display name when it has one', async () => {
    const catalogApi = catalogApiMock({
      entities: [
        group('payments', { displayName: 'Payments team', title: 'Pay' }),
        group('storefront', { title: 'Storefront' }),
        group('platform'),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'checkout' },
          spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
        },
      ],
    });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useTeamOptions(), { wrapper });
    await waitFor(() => expect(result.current).toHaveLength(3));
    expect(result.current).toEqual([
      { ref: 'group:default/payments', displayName: 'Payments team' },
      { ref: 'group:default/platform' },
      { ref: 'group:default/storefront', displayName: 'Storefront' },
    ]);
  });
});
