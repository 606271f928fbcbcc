import { ConfigReader } from '@backstage/config';
import { readMeshScaffolderConfig } from './readMeshScaffolderConfig';

const read = (data: object) => readMeshScaffolderConfig(new ConfigReader(data));

describe('readMeshScaffolderConfig', () => {
  it('reads the root namespace from mesh.rootNamespace, as the mesh backend does', () => {
    expect(read({ mesh: { rootNamespace: 'mesh-root' } })).toMatchObject({
      rootNamespace: 'mesh-root',
      gatewayNamespace: 'mesh-root',
    });
    expect(
      read({
        mesh: {
          rootNamespace: 'mesh-root',
          scaffolder: { gatewayNamespace: 'ingress' },
        },
      }),
    ).toMatchObject({
      rootNamespace: 'mesh-root',
      gatewayNamespace: 'ingress',
    });
  });

  it('defaults to istio-system', () => {
    expect(read({})).toMatchObject({
      rootNamespace: 'istio-system',
      gatewayNamespace: 'istio-system',
    });
    expect(read({ mesh: { scaffolder: {} } })).toMatchObject({
      rootNamespace: 'istio-system',
      gatewayNamespace: 'istio-system',
    });
  });

  it('refuses to start with a different mesh.scaffolder.rootNamespace', () => {
    expect(() =>
      read({ mesh: { scaffolder: { rootNamespace: 'mesh-root' } } }),
    ).toThrow(
      'mesh.scaffolder.rootNamespace (mesh-root) is no longer read: the mesh actions use mesh.rootNamespace, shared with the mesh backend, which is istio-system; set mesh.rootNamespace to mesh-root and remove mesh.scaffolder.rootNamespace',
    );
    expect(
      read({
        mesh: {
          rootNamespace: 'mesh-root',
          scaffolder: { rootNamespace: 'mesh-root' },
        },
      }).rootNamespace,
    ).toBe('mesh-root');
  });
});
