import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedPullRequest {
  head: string;
  base: string;
  title: string;
  body: string;
}

/**
 * Just enough of the GitHub REST and GraphQL API for
 * `publish:github:pull-request` (octokit-plugin-create-pull-request):
 * it records the files, branch, pull request and reviewers it receives.
 */
export class FakeGitHub {
  readonly files = new Map<string, string>();
  readonly branches: string[] = [];
  readonly pullRequests: RecordedPullRequest[] = [];
  readonly reviewRequests: Array<{
    reviewers?: string[];
    team_reviewers?: string[];
  }> = [];
  readonly requests: string[] = [];
  private readonly blobs = new Map<string, string>();
  private server?: http.Server;
  private counter = 0;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', chunk => {
        raw += chunk;
      });
      req.on('end', () => {
        const body = raw ? JSON.parse(raw) : {};
        this.requests.push(`${req.method} ${req.url}`);
        const [status, payload] = this.handle(
          req.method ?? 'GET',
          (req.url ?? '').split('?')[0],
          body,
        );
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.server?.close(resolve));
  }

  private sha(): string {
    this.counter += 1;
    return this.counter.toString(16).padStart(40, '0');
  }

  private handle(method: string, path: string, body: any): [number, unknown] {
    const repo = path.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/);
    if (method === 'POST' && path === '/graphql') {
      return [200, { data: { repository: { ref: null } } }];
    }
    if (!repo) return [404, { message: `not faked: ${method} ${path}` }];
    const rest = repo[3] ?? '';
    if (method === 'GET' && rest === '') {
      return [
        200,
        {
          name: repo[2],
          default_branch: 'main',
          permissions: { push: true, admin: false, pull: true },
        },
      ];
    }
    if (method === 'GET' && rest === '/commits') {
      return [
        200,
        [{ sha: 'base-commit', commit: { tree: { sha: 'base-tree' } } }],
      ];
    }
    if (method === 'POST' && rest === '/git/blobs') {
      const sha = this.sha();
      this.blobs.set(
        sha,
        body.encoding === 'base64'
          ? Buffer.from(body.content, 'base64').toString('utf8')
          : body.content,
      );
      return [201, { sha }];
    }
    if (method === 'POST' && rest === '/git/trees') {
      for (const entry of body.tree as Array<{
        path: string;
        content?: string;
        sha?: string | null;
      }>) {
        const content =
          entry.content ?? (entry.sha ? this.blobs.get(entry.sha) : undefined);
        if (content !== undefined) this.files.set(entry.path, content);
      }
      return [201, { sha: this.sha() }];
    }
    if (method === 'POST' && rest === '/git/commits') {
      return [201, { sha: this.sha() }];
    }
    if (method === 'POST' && rest === '/git/refs') {
      this.branches.push(String(body.ref));
      return [201, { ref: body.ref }];
    }
    if (method === 'POST' && rest === '/pulls') {
      this.pullRequests.push({
        head: body.head,
        base: body.base,
        title: body.title,
        body: body.body,
      });
      const number = this.pullRequests.length;
      return [
        201,
        {
          number,
          html_url: `https://github.com/${repo[1]}/${repo[2]}/pull/${number}`,
          head: { ref: body.head },
          base: { ref: body.base },
        },
      ];
    }
    const reviewers = rest.match(/^\/pulls\/(\d+)\/requested_reviewers$/);
    if (method === 'POST' && reviewers) {
      this.reviewRequests.push(body);
      return [
        201,
        {
          requested_reviewers: (body.reviewers ?? []).map((login: string) => ({
            login,
          })),
          requested_teams: (body.team_reviewers ?? []).map((slug: string) => ({
            slug,
          })),
        },
      ];
    }
    return [404, { message: `not faked: ${method} ${path}` }];
  }
}
