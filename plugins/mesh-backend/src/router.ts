import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { meshFleetReadPermission } from '@meshwise/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { ClusterProbe } from './clusters/ClusterProbe';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clusterProbe: ClusterProbe;
}): Promise<express.Router> {
  const { httpAuth, permissions, clusterProbe } = options;
  const router = Router();
  router.use(express.json());

  router.get('/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: meshFleetReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`${meshFleetReadPermission.name} denied`);
    }
    res.json({ items: clusterProbe.list() });
  });

  return router;
}
