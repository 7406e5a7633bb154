import { parse, validate } from 'graphql';
import { EXAMPLE_OPERATIONS } from '../../src/plugins/example-operations';
import { buildGatewaySchema } from '../../src/server';
import { asNpmStart, useGateway } from '../kit';

interface MeAnswer {
  me: { plannerTasks: { nodes: { id: string; etag: string; percentComplete: number }[] } };
}

describe('the landing page at /graphql', () => {
  const gw = useGateway(asNpmStart());

  it('serves Apollo Sandbox to a browser with the example operations preloaded and a curl fallback', async () => {
    const response = await fetch(gw.url, { headers: { accept: 'text/html' } });
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('https://embeddable-sandbox.cdn.apollographql.com/');
    expect(html).toContain('new window.EmbeddedSandbox(');
    const config = JSON.parse(/var embeddedSandboxConfig = (.*);/.exec(html)?.[1] ?? '{}') as {
      initialState?: { document?: string };
      endpointIsEditable?: boolean;
    };
    expect(config.initialState?.document).toBe(EXAMPLE_OPERATIONS);
    expect(config.endpointIsEditable).toBe(false);
    // The fallback sits under the Sandbox frame: visible only when Sandbox's assets did not load.
    expect(html).toContain('<div class="fallback">');
    expect(html).toContain('Apollo Sandbox could not be loaded');
    const curl = `curl -s http://localhost:4000/graphql -H &#39;content-type: application/json&#39;`;
    expect(html.replace(/'/g, '&#39;')).toContain(curl);
    expect(html).toMatch(/<noscript><div class="noscript-help">[\s\S]*<pre class="curl-example">curl -s /);
    // The example URL is replaced by the page's own URL, by a script allowed by the page's CSP nonce.
    const nonce = /nonce="([0-9a-f]+)"/.exec(html)?.[1];
    expect(html).toContain(`<script nonce="${nonce}">document.querySelectorAll('.curl-example')`);
  });

  it('preloads operations that are valid against the schema', () => {
    const errors = validate(buildGatewaySchema(), parse(EXAMPLE_OPERATIONS));
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it('preloads operations that run: me with groups and tasks, users with paging, completing a task', async () => {
    const me = await gw.post({ query: EXAMPLE_OPERATIONS, operationName: 'Me' });
    expect(me.body.errors).toBeUndefined();
    const tasks = (me.body.data as unknown as MeAnswer).me.plannerTasks.nodes;
    const open = tasks.find((task) => task.percentComplete < 100);
    expect(open).toBeDefined();

    const first = await gw.post({ query: EXAMPLE_OPERATIONS, operationName: 'Users', variables: { after: null } });
    const page = (
      first.body.data as { users: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }
    ).users;
    expect(page.nodes).toHaveLength(5);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const second = await gw.post({
      query: EXAMPLE_OPERATIONS,
      operationName: 'Users',
      variables: { after: page.pageInfo.endCursor },
    });
    expect((second.body.data as { users: { nodes: unknown[] } }).users.nodes).toHaveLength(5);

    const done = await gw.post({
      query: EXAMPLE_OPERATIONS,
      operationName: 'CompleteTask',
      variables: { id: open?.id, etag: open?.etag },
    });
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data).toMatchObject({
      updatePlannerTask: { task: { id: open?.id, percentComplete: 100, status: 'COMPLETED' } },
    });
  });

  it('still answers JSON to non-browser clients at /graphql', async () => {
    const response = await fetch(`${gw.url}?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { me: { id: string } } }).data.me.id).toBe(
      gw.prepared.embedded?.defaultUser.id,
    );
  });
});
