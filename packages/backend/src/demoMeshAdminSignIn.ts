import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** Asks for nothing: whoever can reach the sign-in page gets the configured user. */
const demoAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize: () => undefined,
  authenticate: async () => ({ result: {} }),
});

/**
 * The demo's second sign-in: `auth.providers.demo-mesh-admin` signs in as the
 * catalog user it names (Carol, of the mesh-admins group), so the templates
 * that need a mesh admin can be tried beside the guest developer. Like the
 * guest provider it asks for no credentials, so outside development it stays
 * off unless the same dangerous flag is set: it is for the demo only.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-mesh-admin-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const settings = config.getOptionalConfig(
          'auth.providers.demo-mesh-admin',
        );
        const userEntityRef = settings?.getOptionalString('userEntityRef');
        if (!settings || !userEntityRef) return;
        if (
          process.env.NODE_ENV !== 'development' &&
          settings.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') !==
            true
        ) {
          logger.warn(
            'The demo mesh-admin sign-in is off outside development (auth.providers.demo-mesh-admin.dangerouslyAllowOutsideDevelopment)',
          );
          return;
        }
        providers.registerProvider({
          providerId: 'demo-mesh-admin',
          factory: createProxyAuthProviderFactory({
            authenticator: demoAuthenticator,
            // Only a user the catalog has, with the groups the catalog gives
            // it: the mesh-admin role comes from membership, as in production.
            signInResolver: async (_, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: userEntityRef }),
          }),
        });
      },
    });
  },
});
