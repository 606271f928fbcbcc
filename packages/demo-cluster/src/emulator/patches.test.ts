import { applyJsonPatch, JsonPatchError } from './jsonPatch';
import { applyMergePatch, jsonEqual } from './mergePatch';
import { applyStrategicMergePatch } from './strategicMergePatch';

describe('applyMergePatch (RFC 7386)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j (RFC 7386 appendix A)', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('does not modify its inputs', () => {
    const target = { metadata: { labels: { a: '1' } } };
    applyMergePatch(target, { metadata: { labels: { a: null, b: '2' } } });
    expect(target).toEqual({ metadata: { labels: { a: '1' } } });
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = {
    metadata: { labels: { app: 'x' } },
    spec: { list: ['a', 'b'] },
  };

  it('applies add, remove, replace, move, copy and test in order', () => {
    const result = applyJsonPatch(doc, [
      { op: 'test', path: '/metadata/labels/app', value: 'x' },
      { op: 'add', path: '/metadata/labels/tier', value: 'web' },
      { op: 'add', path: '/spec/list/1', value: 'inserted' },
      { op: 'add', path: '/spec/list/-', value: 'last' },
      { op: 'replace', path: '/metadata/labels/app', value: 'y' },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'copy', from: '/metadata/labels/app', path: '/spec/copied' },
      { op: 'move', from: '/spec/copied', path: '/spec/moved' },
    ]);
    expect(result).toEqual({
      metadata: { labels: { app: 'y', tier: 'web' } },
      spec: { list: ['inserted', 'b', 'last'], moved: 'y' },
    });
    expect(doc.spec.list).toEqual(['a', 'b']);
  });

  it('escapes ~1 and ~0 in pointers', () => {
    expect(
      applyJsonPatch({ metadata: { annotations: {} } }, [
        {
          op: 'add',
          path: '/metadata/annotations/sidecar.istio.io~1inject',
          value: 'false',
        },
        { op: 'add', path: '/metadata/annotations/a~0b', value: '1' },
      ]),
    ).toEqual({
      metadata: {
        annotations: { 'sidecar.istio.io/inject': 'false', 'a~b': '1' },
      },
    });
  });

  it('fails atomically on a failed test or a missing path', () => {
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'test', path: '/metadata/labels/app', value: 'z' },
      ]),
    ).toThrow(JsonPatchError);
    expect(() =>
      applyJsonPatch(doc, [{ op: 'remove', path: '/nope' }]),
    ).toThrow(/does not exist/);
    expect(() =>
      applyJsonPatch(doc, [{ op: 'replace', path: '/spec/list/5', value: 1 }]),
    ).toThrow(/out of bounds/);
  });

  it('marks malformed patches', () => {
    for (const bad of [
      {},
      [{ op: 'jump', path: '/a' }],
      [{ op: 'add', path: '/a' }],
      [{ op: 'add', path: 'a', value: 1 }],
    ]) {
      expect(() => applyJsonPatch(doc, bad)).toThrow(
        expect.objectContaining<Partial<JsonPatchError>>({ malformed: true }),
      );
    }
  });
});

describe('applyStrategicMergePatch (approximation)', () => {
  const deployment = {
    metadata: { name: 'reviews', finalizers: ['a'] },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'reviews',
              image: 'reviews:1',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 9080 }],
            },
            { name: 'istio-proxy', image: 'proxyv2:1.24' },
          ],
        },
      },
    },
  };

  it('merges list elements on their merge key and keeps the others', () => {
    const result = applyStrategicMergePatch(deployment, {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'reviews',
                image: 'reviews:2',
                env: [{ name: 'B', value: '3' }],
              },
            ],
          },
        },
      },
    }) as any;
    const containers = result.spec.template.spec.containers;
    expect(containers.map((c: any) => c.name)).toEqual([
      'reviews',
      'istio-proxy',
    ]);
    expect(containers[0].image).toBe('reviews:2');
    expect(containers[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '3' },
    ]);
    expect(containers[0].ports).toEqual([{ containerPort: 9080 }]);
  });

  it('honours $patch delete and replace, $setElementOrder and $deleteFromPrimitiveList', () => {
    const result = applyStrategicMergePatch(deployment, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'reviews' }],
            containers: [{ name: 'istio-proxy', $patch: 'delete' }],
          },
        },
      },
    }) as any;
    expect(result.metadata.finalizers).toEqual([]);
    expect(
      result.spec.template.spec.containers.map((c: any) => c.name),
    ).toEqual(['reviews']);
    expect(Object.keys(result.spec.template.spec)).toEqual(['containers']);

    const replaced = applyStrategicMergePatch(deployment, {
      spec: {
        template: {
          spec: {
            containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }],
          },
        },
      },
    }) as any;
    expect(replaced.spec.template.spec.containers).toEqual([
      { name: 'only', image: 'x' },
    ]);
  });

  it('merges finalizers as a set and replaces lists without a merge key', () => {
    const result = applyStrategicMergePatch(
      { metadata: { finalizers: ['a'] }, spec: { args: ['x', 'y'] } },
      { metadata: { finalizers: ['b', 'a'] }, spec: { args: ['z'] } },
    ) as any;
    expect(result.metadata.finalizers).toEqual(['a', 'b']);
    expect(result.spec.args).toEqual(['z']);
  });

  it('merges Service ports on port', () => {
    const result = applyStrategicMergePatch(
      {
        spec: {
          ports: [
            { name: 'http', port: 80 },
            { name: 'grpc', port: 9090 },
          ],
        },
      },
      { spec: { ports: [{ port: 80, targetPort: 8080 }] } },
    ) as any;
    expect(result.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'grpc', port: 9090 },
    ]);
  });
});

describe('jsonEqual', () => {
  it('ignores member order and undefined members', () => {
    expect(
      jsonEqual(
        { a: 1, b: [1, { c: 2 }] },
        { b: [1, { c: 2 }], a: 1, d: undefined },
      ),
    ).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});
