import {
  BackstageIdentityApi,
  BackstageIdentityResponse,
  createApiFactory,
  createApiRef,
  DiscoveryApi,
  discoveryApiRef,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
  SessionState,
} from '@backstage/core-plugin-api';

type DemoAuthApi = ProfileInfoApi & BackstageIdentityApi & SessionApi;
type SessionStates = ReturnType<SessionApi['sessionState$']>;

/** The demo's second sign-in: Carol, a mesh admin (auth.providers.demo-mesh-admin). */
export const demoMeshAdminAuthApiRef = createApiRef<DemoAuthApi>({
  id: 'app.demo-mesh-admin-auth',
});

interface Session {
  identity: BackstageIdentityResponse;
  profile: ProfileInfo;
}

/** When a Backstage token expires, read from its own `exp` claim. */
function expiryOf(token: string): Date | undefined {
  try {
    const payload = JSON.parse(
      atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')),
    );
    return typeof payload.exp === 'number'
      ? new Date(payload.exp * 1000)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A client of a proxy auth provider (no login form: the backend decides who
 * you are), as the guest card uses for `guest`: GET /api/auth/<provider>/refresh
 * returns the Backstage token, refreshed here before it expires.
 */
class ProxyProviderAuth implements DemoAuthApi {
  private session?: Session;
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly provider: string,
  ) {}

  private async refresh(): Promise<Session> {
    const base = await this.discoveryApi.getBaseUrl('auth');
    const response = await fetch(`${base}/${this.provider}/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    });
    if (!response.ok) {
      throw new Error(
        `Sign-in through ${this.provider} failed: ${
          response.status
        } ${await response.text()}`,
      );
    }
    const body = await response.json();
    const { token, identity } = body.backstageIdentity;
    this.session = {
      identity: { token, identity, expiresAt: expiryOf(token) },
      profile: body.profile ?? {},
    };
    this.listeners.forEach(l => l(SessionState.SignedIn));
    return this.session;
  }

  private async current(optional?: boolean): Promise<Session | undefined> {
    const expiresAt = this.session?.identity.expiresAt?.getTime();
    // A minute's margin, so a request never leaves with an expired token.
    if (this.session && (!expiresAt || expiresAt - Date.now() > 60_000)) {
      return this.session;
    }
    try {
      return await this.refresh();
    } catch (error) {
      if (optional) return undefined;
      throw error;
    }
  }

  async getBackstageIdentity(options?: { optional?: boolean }) {
    return (await this.current(options?.optional))?.identity;
  }

  async getProfile(options?: { optional?: boolean }) {
    return (await this.current(options?.optional))?.profile;
  }

  async signIn() {
    await this.refresh();
  }

  async signOut() {
    this.session = undefined;
    this.listeners.forEach(l => l(SessionState.SignedOut));
  }

  sessionState$(): SessionStates {
    const listeners = this.listeners;
    const now = () =>
      this.session ? SessionState.SignedIn : SessionState.SignedOut;
    const observable = {
      // The interop key observables answer to (Symbol.observable where defined).
      [((Symbol as any).observable as symbol) ?? '@@observable']() {
        return observable;
      },
      subscribe(observer: any) {
        const next =
          typeof observer === 'function'
            ? observer
            : observer?.next?.bind(observer);
        const listener = (state: SessionState) => next?.(state);
        listeners.add(listener);
        listener(now());
        return {
          closed: false,
          unsubscribe() {
            listeners.delete(listener);
          },
        };
      },
    };
    return observable as unknown as SessionStates;
  }
}

export const demoMeshAdminAuthApiFactory = createApiFactory({
  api: demoMeshAdminAuthApiRef,
  deps: { discoveryApi: discoveryApiRef },
  factory: ({ discoveryApi }) =>
    new ProxyProviderAuth(discoveryApi, 'demo-mesh-admin'),
});
