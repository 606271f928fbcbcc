import { Entity } from '@backstage/catalog-model';
import { isMeshAvailable } from './isMeshAvailable';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'productpage', annotations },
});

describe('isMeshAvailable', () => {
  it('is true for either Kubernetes plugin annotation', () => {
    expect(
      isMeshAvailable(component({ 'backstage.io/kubernetes-id': 'x' })),
    ).toBe(true);
    expect(
      isMeshAvailable(
        component({ 'backstage.io/kubernetes-label-selector': 'app=x' }),
      ),
    ).toBe(true);
  });

  it('is false without them', () => {
    expect(
      isMeshAvailable(component({ 'backstage.io/kubernetes-namespace': 'x' })),
    ).toBe(false);
  });
});
