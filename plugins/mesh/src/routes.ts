import { createRouteRef } from '@backstage/core-plugin-api';

/** The platform dashboard page. */
export const rootRouteRef = createRouteRef({ id: 'mesh' });

/** The Mesh tab on an entity page. */
export const entityContentRouteRef = createRouteRef({
  id: 'mesh:entity-content',
});
