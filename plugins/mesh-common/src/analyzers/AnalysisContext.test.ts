import { Kinds } from '../kinds';
import { InMemoryClusterView } from '../view/InMemoryClusterView';
import { AnalysisContext } from './AnalysisContext';

describe('AnalysisContext.finding ids', () => {
  const ctx = new AnalysisContext(new InMemoryClusterView('prod'));
  const pod = (name: string) => ctx.refByName(Kinds.Pod, 'shop', name);
  const deployment = ctx.refByName(Kinds.Deployment, 'shop', 'web');
  const idOf = (objects: ReturnType<typeof pod>[], detailKey?: string) =>
    ctx.finding({
      code: 'MW105',
      objects,
      message: 'm',
      remediation: 'r',
      ...(detailKey ? { detailKey } : {}),
    }).id;

  it('names one or two objects in full', () => {
    expect(idOf([deployment])).toBe('MW105:prod:Deployment:shop/web');
    expect(idOf([deployment, pod('web-1')])).toBe(
      'MW105:prod:Deployment:shop/web|Pod:shop/web-1',
    );
    expect(idOf([deployment], 'port-80')).toBe(
      'MW105:prod:Deployment:shop/web#port-80',
    );
  });

  it('keeps ids short for many objects, yet tells different sets apart, stably', () => {
    const pods = Array.from({ length: 50 }, (_, i) => pod(`web-${i}`));
    const many = idOf([deployment, ...pods]);
    expect(many.length).toBeLessThan(60);
    expect(many).toMatch(/^MW105:prod:Deployment:shop\/web\|\+50:[0-9a-z]+$/);
    expect(idOf([deployment, ...pods])).toBe(many);
    expect(idOf([deployment, ...pods.slice(1), pod('web-x')])).not.toBe(many);
    expect(idOf([deployment, ...pods.slice(0, 49)])).not.toBe(many);
  });
});
