import { workloadSelectionForEntity } from './workloadSelection';

const entity = (annotations?: Record<string, string>) => ({
  metadata: { annotations },
});

describe('workloadSelectionForEntity', () => {
  it('maps kubernetes-id to the backstage.io/kubernetes-id label', () => {
    expect(
      workloadSelectionForEntity(
        entity({ 'backstage.io/kubernetes-id': 'productpage' }),
      ),
    ).toEqual({ labelSelector: 'backstage.io/kubernetes-id=productpage' });
  });

  it('prefers an explicit label selector and keeps namespace and cluster', () => {
    expect(
      workloadSelectionForEntity(
        entity({
          'backstage.io/kubernetes-id': 'reviews',
          'backstage.io/kubernetes-label-selector':
            'app=reviews,version in (v1,v2)',
          'backstage.io/kubernetes-namespace': 'bookinfo',
          'backstage.io/kubernetes-cluster': 'demo',
        }),
      ),
    ).toEqual({
      labelSelector: 'app=reviews,version in (v1,v2)',
      namespace: 'bookinfo',
      cluster: 'demo',
    });
  });

  it('returns undefined without the annotations, or with blank ones', () => {
    expect(workloadSelectionForEntity(entity())).toBeUndefined();
    expect(
      workloadSelectionForEntity(
        entity({ 'backstage.io/kubernetes-id': '  ' }),
      ),
    ).toBeUndefined();
  });
});
