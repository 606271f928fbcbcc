import { expect, test } from '@playwright/test';
import { BACKEND, guestToken } from './signIn';

// The Kubernetes plugin's proxy sends a request to the cluster with the
// cluster's own service-account token when the caller brings none: open to
// every signed-in user, it would hand out Secret data and take writes.
const PROXY = `${BACKEND}/api/kubernetes/proxy`;
const DEMO_CLUSTER = { 'Backstage-Kubernetes-Cluster': 'demo' };

test('a signed-in guest cannot read Secrets or write objects through the Kubernetes proxy', async ({
  page,
  request,
}) => {
  const token = await guestToken(page);
  const headers = { authorization: `Bearer ${token}`, ...DEMO_CLUSTER };

  const secrets = await request.get(`${PROXY}/api/v1/secrets`, { headers });
  expect(secrets.status()).toBe(403);
  expect(await secrets.text()).not.toContain('"data"');

  const write = await request.post(
    `${PROXY}/api/v1/namespaces/bookinfo/configmaps`,
    {
      headers,
      data: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'written-through-the-proxy' },
      },
    },
  );
  expect(write.status()).toBe(403);

  // The same user still reads what the portal shows (the permission is the
  // proxy's alone): the catalog answers.
  const catalog = await request.get(`${BACKEND}/api/catalog/entities?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(catalog.status()).toBe(200);
});

test('the mesh API refuses a caller without a token', async ({ request }) => {
  for (const path of [
    '/api/mesh/fleet/summary',
    '/api/mesh/findings',
    '/api/mesh/exposure/hosts?host=productpage.bookinfo.appk8s.com',
    '/api/mesh/entities/default/component/productpage/status',
  ]) {
    const response = await request.get(`${BACKEND}${path}`);
    expect({ path, status: response.status() }).toEqual({ path, status: 401 });
  }
});
