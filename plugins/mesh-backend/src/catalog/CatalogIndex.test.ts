import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { loadDemoCatalog } from '../__testUtils__/demoCatalog';
import { CatalogIndex } from './CatalogIndex';
import { buildCatalogSnapshot } from './CatalogSnapshot';

describe('CatalogIndex', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps the previous index when a refresh fails, and tells listeners only of successes', async () => {
    let answer: () => Promise<Entity[]> = async () => loadDemoCatalog();
    const logger = mockServices.logger.mock();
    const index = CatalogIndex.create({ load: () => answer(), logger });
    const changes = jest.fn();
    index.onChange(changes);
    await index.refresh();
    const services = index.snapshot().services.length;
    expect(services).toBeGreaterThan(0);
    answer = async () => {
      throw new Error('catalog down');
    };
    await index.refresh();
    expect(index.snapshot().services).toHaveLength(services);
    expect(changes).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog down'),
    );
  });

  it('tells listeners only when what it indexes changed', async () => {
    let entities = loadDemoCatalog();
    const index = CatalogIndex.create({
      load: async () => entities,
      logger: mockServices.logger.mock(),
    });
    const changes = jest.fn();
    index.onChange(changes);
    await index.refresh();
    const first = index.snapshot();
    await index.refresh();
    expect(changes).toHaveBeenCalledTimes(1);
    expect(index.snapshot()).toBe(first);

    // A field the index does not read: still no change.
    entities = entities.map(e => ({
      ...e,
      metadata: { ...e.metadata, description: 'edited' },
    }));
    await index.refresh();
    expect(changes).toHaveBeenCalledTimes(1);

    // Another owner for one service: a change.
    const component = entities.find(
      e => e.kind === 'Component' && e.spec?.owner,
    )!;
    entities = entities.map(e =>
      e === component
        ? { ...e, spec: { ...e.spec, owner: 'group:default/other' } }
        : e,
    );
    await index.refresh();
    expect(changes).toHaveBeenCalledTimes(2);
    expect(index.snapshot()).not.toBe(first);
  });

  it('re-reads an empty catalog during warm-up until it has entities', async () => {
    const batches: Entity[][] = [[], [], loadDemoCatalog()];
    const load = jest.fn(async () => batches.shift() ?? loadDemoCatalog());
    const index = CatalogIndex.create({
      load,
      logger: mockServices.logger.mock(),
    });
    const stop = index.warmUp({ intervalMs: 1000, attempts: 10 });
    for (let i = 0; i < 5; i++) await jest.advanceTimersByTimeAsync(1000);
    expect(load).toHaveBeenCalledTimes(3);
    // Warm-up stops at the first non-empty answer and indexes all of it.
    const demo = buildCatalogSnapshot(loadDemoCatalog());
    expect(index.snapshot().services).toEqual(demo.services);
    expect(index.snapshot().namespaces).toEqual(demo.namespaces);
    stop();
  });
});
