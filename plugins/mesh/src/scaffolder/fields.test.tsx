import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  renderInTestApp,
  TestApiProvider,
  TestApiRegistry,
} from '@backstage/test-utils';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshHostsField, validateMeshHosts } from './MeshHostsField';
import {
  MeshNamespacePicker,
  validateMeshNamespace,
} from './MeshNamespacePicker';
import { MeshServicePicker, validateMeshService } from './MeshServicePicker';

/** A mesh backend that answers the /scaffolder routes as the guest's would. */
function fakeBackend(
  answers: Record<string, { status?: number; body: unknown }>,
) {
  const asked: string[] = [];
  const fetchApi = {
    fetch: async (input: RequestInfo | URL) => {
      const path = String(input).replace('http://mesh.test/api/mesh', '');
      asked.push(path);
      const answer = answers[path] ?? {
        status: 404,
        body: { error: { name: 'NotFoundError', message: `no ${path}` } },
      };
      return new Response(JSON.stringify(answer.body), {
        status: answer.status ?? 200,
        headers: { 'content-type': 'application/json' },
      });
    },
  };
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) => `http://mesh.test/api/${pluginId}`,
  };
  const pairs = [
    [discoveryApiRef, discoveryApi],
    [fetchApiRef, fetchApi],
  ] as const;
  return { apis: TestApiRegistry.from(...pairs), pairs, asked };
}

const GUEST_BACKEND = {
  '/scaffolder/namespaces': {
    body: {
      items: [
        {
          namespace: 'bookinfo',
          owner: 'group:default/storefront',
          claimedBy: ['resource:default/bookinfo'],
        },
        {
          namespace: 'storefront-checkout',
          owner: 'group:default/storefront',
          claimedBy: ['resource:default/storefront-checkout'],
        },
      ],
      catalogReadAt: '2026-12-03T17:00:00.000Z',
    },
  },
  '/scaffolder/host-rules': { body: { allowedDomains: ['appk8s.com'] } },
  '/scaffolder/services?namespace=storefront-checkout': {
    body: {
      items: [
        {
          name: 'checkout',
          namespace: 'storefront-checkout',
          cluster: 'demo',
          ports: [{ port: 8080, name: 'http' }],
        },
      ],
      notCurrent: [],
    },
  },
};

function collector() {
  const errors: string[] = [];
  const validation = {
    addError: (message: string) => {
      errors.push(message);
      return validation;
    },
  } as unknown as Parameters<CustomFieldValidator<string>>[1];
  return { errors, validation };
}

const fieldProps = (overrides: Record<string, unknown>) =>
  ({
    onChange: jest.fn(),
    rawErrors: [],
    required: true,
    idSchema: { $id: 'root_field' },
    uiSchema: {},
    formContext: { formData: {} },
    ...overrides,
  } as any);

describe('MeshNamespacePicker', () => {
  it('offers only the namespaces the backend says are the user’s', async () => {
    const { pairs } = fakeBackend(GUEST_BACKEND);
    const onChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={pairs}>
        <MeshNamespacePicker
          {...fieldProps({
            onChange,
            name: 'namespace',
            schema: {
              title: 'Namespace',
              description: 'A namespace your team owns',
            },
          })}
        />
      </TestApiProvider>,
    );
    expect(screen.getByText(/A namespace your team owns/)).toBeInTheDocument();
    const input = screen.getByRole('textbox', { name: /Namespace/ });
    fireEvent.mouseDown(input);
    input.focus();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    const listbox = await screen.findByRole('listbox');
    const options = within(listbox)
      .getAllByRole('option')
      .map(o => o.textContent);
    expect(options).toEqual([
      'bookinfo (owned by group:default/storefront)',
      'storefront-checkout (owned by group:default/storefront)',
    ]);
    await userEvent.click(within(listbox).getAllByRole('option')[1]);
    expect(onChange).toHaveBeenLastCalledWith('storefront-checkout');
  });

  it('says when the backend has not read the catalog yet', async () => {
    const { pairs } = fakeBackend({
      '/scaffolder/namespaces': { body: { items: [], catalogReadAt: null } },
    });
    await renderInTestApp(
      <TestApiProvider apis={pairs}>
        <MeshNamespacePicker
          {...fieldProps({ name: 'namespace', schema: { title: 'Namespace' } })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/has not read the catalog yet/),
    ).toBeInTheDocument();
  });

  it('validates against the same list, and fails closed when it cannot ask', async () => {
    const { apis } = fakeBackend(GUEST_BACKEND);
    const context = { apiHolder: apis, formData: {}, schema: {} };
    const owned = collector();
    await validateMeshNamespace('bookinfo', owned.validation, context);
    expect(owned.errors).toEqual([]);
    const other = collector();
    await validateMeshNamespace('observability', other.validation, context);
    expect(other.errors).toEqual([
      'Namespace observability is not owned by your teams in the catalog; choose one of yours',
    ]);

    const down = fakeBackend({
      '/scaffolder/namespaces': {
        status: 403,
        // As Backstage backends send errors.
        body: {
          error: {
            name: 'NotAllowedError',
            message: 'mesh.config.team.create denied',
          },
          response: { statusCode: 403 },
        },
      },
    });
    const refused = collector();
    await validateMeshNamespace('bookinfo', refused.validation, {
      ...context,
      apiHolder: down.apis,
    });
    expect(refused.errors).toEqual([
      'Whether bookinfo is yours could not be checked: mesh.config.team.create denied',
    ]);
  });
});

describe('MeshServicePicker', () => {
  it('lists the Services of the namespace the form holds, with their ports', async () => {
    const { pairs, asked } = fakeBackend(GUEST_BACKEND);
    await renderInTestApp(
      <TestApiProvider apis={pairs}>
        <MeshServicePicker
          {...fieldProps({
            name: 'serviceName',
            schema: { title: 'Service' },
            formContext: { formData: { namespace: 'storefront-checkout' } },
          })}
        />
      </TestApiProvider>,
    );
    const input = screen.getByRole('textbox', { name: /Service/ });
    await waitFor(() =>
      expect(asked).toContain(
        '/scaffolder/services?namespace=storefront-checkout',
      ),
    );
    fireEvent.mouseDown(input);
    input.focus();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect((await screen.findByRole('option')).textContent).toBe(
      'checkout (ports http 8080; demo)',
    );
  });

  it('refuses a Service the caches do not list, unless a list is not current', async () => {
    const { apis } = fakeBackend({
      ...GUEST_BACKEND,
      '/scaffolder/services?namespace=bookinfo': {
        body: {
          items: [],
          notCurrent: [{ cluster: 'demo', status: 'forbidden' }],
        },
      },
    });
    const missing = collector();
    await validateMeshService('orders', missing.validation, {
      apiHolder: apis,
      formData: { namespace: 'storefront-checkout' },
      schema: {},
    });
    expect(missing.errors).toEqual([
      'There is no Service orders in namespace storefront-checkout',
    ]);
    const unknown = collector();
    await validateMeshService('orders', unknown.validation, {
      apiHolder: apis,
      formData: { namespace: 'bookinfo' },
      schema: {},
    });
    expect(unknown.errors).toEqual([]);
  });
});

describe('MeshHostsField', () => {
  it('shows the action’s own words as a host is typed', async () => {
    const { pairs } = fakeBackend(GUEST_BACKEND);
    const onChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={pairs}>
        <MeshHostsField
          {...fieldProps({
            onChange,
            name: 'hosts',
            schema: { title: 'Hosts', description: 'The names clients use' },
          })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/One host per line, inside appk8s.com/),
    ).toBeInTheDocument();
    const input = screen.getByRole('textbox', { name: /Hosts/ });
    await userEvent.type(input, 'orders.appk8s.com{enter}*.appk8s.com');
    expect(onChange).toHaveBeenLastCalledWith([
      'orders.appk8s.com',
      '*.appk8s.com',
    ]);
    expect(
      screen.getByText(
        'host "*.appk8s.com": wildcard hosts may only be requested by mesh admins',
      ),
    ).toBeInTheDocument();
  });

  it('validates every host with the same rules before the step ends', async () => {
    const { apis } = fakeBackend(GUEST_BACKEND);
    const { errors, validation } = collector();
    await validateMeshHosts(
      ['orders.appk8s.com', 'shop.example.com', 'Shop.appk8s.com'],
      validation,
      { apiHolder: apis, formData: {}, schema: {} },
    );
    expect(errors).toEqual([
      'host "shop.example.com" is outside the allowed domains (appk8s.com)',
      '"Shop.appk8s.com" is invalid: expected a fully qualified lower-case DNS name such as "shop.example.com" (punycode for international names, optional leading "*." wildcard)',
    ]);
  });
});
