import { readFileSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { dirname, join } from 'node:path';
import { parse, validate } from 'graphql';
import { EXAMPLE_OPERATIONS, EXAMPLE_VARIABLES } from '../../src/plugins/example-operations';
import { PLAYGROUND_SCRIPT } from '../../src/playground/browser-script';
import { buildGatewaySchema } from '../../src/server';
import { asNpmStart, startAppModeGateway, useGateway } from '../kit';

interface MeAnswer {
  me: { plannerTasks: { nodes: { id: string; etag: string; percentComplete: number }[] } };
}

interface PlaygroundConfig {
  start: string;
  endpoint: string;
  assets: string;
  workers: Record<string, string>;
  sandbox: {
    script: string;
    timeoutMs: number;
    options: {
      target: string;
      initialState: { document: string; variables: unknown; headers?: Record<string, string>; includeCookies: boolean };
      endpointIsEditable: boolean;
      runTelemetry: boolean;
    };
  };
  graphiql: { query: string; variables: string; headers?: string; shouldPersistHeaders: boolean };
}

const BUNDLE = join(dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');
const SERVED_FILES: Record<string, string> = {
  'graphiql.js': 'yoga-graphiql.umd.js',
  'graphiql.css': 'graphiql.css',
  'editor.worker.js': 'monacoeditorwork/editor.worker.bundle.js',
  'json.worker.js': 'monacoeditorwork/json.worker.bundle.js',
  'graphql.worker.js': 'monacoeditorwork/graphql.worker..bundle.js',
};

async function browserGet(url: string): Promise<{ response: Response; html: string }> {
  const response = await fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  return { response, html: await response.text() };
}

/** The status of a GET revalidating `etag`, as a browser's cache sends it (fetch() would add `cache-control: no-cache`). */
function revalidate(url: string, etag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'if-none-match': etag } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

function configOf(html: string): PlaygroundConfig {
  const json = /<script type="application\/json" id="playground-config">(.*?)<\/script>/s.exec(html)?.[1];
  if (json === undefined) throw new Error('the page has no playground config');
  return JSON.parse(json) as PlaygroundConfig;
}

/** Every `<script>` of the page: only the JSON config and script files, nothing inline to allow in the CSP. */
function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
}

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '').split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources.join(' ')] as const;
    }),
  );
}

describe('the landing page at /graphql and GraphiQL at /graphiql', () => {
  const gw = useGateway(asNpmStart());

  it('serves Apollo Sandbox to a browser at /graphql, with the example operations preloaded and GraphiQL as its fallback', async () => {
    const { response, html } = await browserGet(gw.url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(scriptTags(html)).toEqual([
      '<script type="application/json" id="playground-config">',
      '<script src="graphiql/assets/playground.js" defer>',
    ]);
    const config = configOf(html);
    // Relative URLs, so a proxy may serve the gateway under a path prefix.
    expect(config).toMatchObject({ start: 'sandbox', endpoint: 'graphql', assets: 'graphiql/assets/' });
    expect(config.sandbox.script).toBe(
      'https://embeddable-sandbox.cdn.apollographql.com/v2/embeddable-sandbox.umd.production.min.js?runtime=%40apollo%2Fserver%405.5.1',
    );
    expect(config.sandbox.options).toMatchObject({
      target: '#sandbox',
      initialState: { document: EXAMPLE_OPERATIONS, variables: EXAMPLE_VARIABLES, includeCookies: false },
      endpointIsEditable: false,
      runTelemetry: false,
    });
    // Embedded mode: requests without credentials act as the default user, so no header is pre-filled.
    expect(config.sandbox.options.initialState.headers).toBeUndefined();
    expect(config.graphiql).toEqual({
      title: 'msgraph-graphql',
      query: EXAMPLE_OPERATIONS,
      variables: JSON.stringify(EXAMPLE_VARIABLES, null, 2),
      shouldPersistHeaders: false,
    });
    // Visible at once (no fade-in): where Sandbox comes from, and the way to GraphiQL.
    expect(html).toContain(
      '<div id="playground-status" data-state="loading"><span class="message">Loading Apollo Sandbox from Apollo\'s CDN… <a href="graphiql">Open GraphiQL</a>',
    );
    expect(html).toMatch(/<noscript><div class="noscript-help">[\s\S]*<pre class="curl-example">curl -s /);

    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toBe("'self' https://embeddable-sandbox.cdn.apollographql.com");
    expect(csp.get('frame-src')).toBe('https://sandbox.embed.apollographql.com');
    expect(csp.get('worker-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
  });

  it('serves GraphiQL at /graphiql with nothing from outside the gateway', async () => {
    const { response, html } = await browserGet(`${gw.origin}/graphiql`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const config = configOf(html);
    expect(config.start).toBe('graphiql');
    expect(config.graphiql.query).toBe(EXAMPLE_OPERATIONS);
    expect(config.endpoint).toBe('graphql');
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('frame-src')).toBe("'none'");
    expect(scriptTags(html)).toEqual([
      '<script type="application/json" id="playground-config">',
      '<script src="graphiql/assets/playground.js" defer>',
    ]);
  });

  it('sends a browser asking for /graphql/ or /graphiql/ to the page without the slash, where its relative URLs resolve', async () => {
    for (const [path, location] of [
      ['/graphql/', '../graphql'],
      ['/graphiql/?query=%7B%20me%20%7B%20id%20%7D%20%7D', '../graphiql?query=%7B%20me%20%7B%20id%20%7D%20%7D'],
    ]) {
      const response = await fetch(`${gw.origin}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(response.status).toBe(308);
      expect(response.headers.get('location')).toBe(location);
    }
  });

  it.each(Object.entries(SERVED_FILES))(
    "serves GraphiQL's %s from the installed package, with its content type, revalidated by ETag",
    async (name, file) => {
      const url = `${gw.origin}/graphiql/assets/${name}`;
      const response = await fetch(url);
      const body = Buffer.from(await response.arrayBuffer());

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(body.length).toBe(statSync(join(BUNDLE, file)).size);
      expect(body.equals(readFileSync(join(BUNDLE, file)))).toBe(true);

      expect(await revalidate(url, response.headers.get('etag') ?? '')).toBe(304);
    },
  );

  it("serves the playground's own script and nothing else under /graphiql/assets/", async () => {
    const script = await fetch(`${gw.origin}/graphiql/assets/playground.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe(PLAYGROUND_SCRIPT);

    for (const path of [
      'yoga-graphiql.es.js',
      'package.json',
      '..%2Fpackage.json',
      'monacoeditorwork%2Fjson.worker.bundle.js',
    ]) {
      expect((await fetch(`${gw.origin}/graphiql/assets/${path}`)).status).toBe(404);
    }
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
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { data: { me: { id: string } } }).data.me.id).toBe(
      gw.prepared.embedded?.defaultUser.id,
    );
  });
});

describe('the playground outside embedded mode', () => {
  it('pre-fills the header editors with the credential the mode asks for: a bearer token, or an API key', async () => {
    const obo = await startAppModeGateway({ external: { GRAPH_AUTH_MODE: 'on-behalf-of', GATEWAY_API_KEYS: '' } });
    const app = await startAppModeGateway();
    try {
      const bearer = configOf((await browserGet(obo.url)).html);
      expect(bearer.sandbox.options.initialState.headers).toEqual({ authorization: 'Bearer <token for this API>' });
      expect(bearer.graphiql.headers).toBe(JSON.stringify({ authorization: 'Bearer <token for this API>' }, null, 2));

      const apiKey = configOf((await browserGet(`${app.origin}/graphiql`)).html);
      expect(apiKey.graphiql.headers).toBe(JSON.stringify({ 'x-api-key': '<one of GATEWAY_API_KEYS>' }, null, 2));
    } finally {
      await obo.close();
      await app.close();
    }
  });
});

describe('GATEWAY_LANDING_PAGE=off', () => {
  const gw = useGateway({ ...asNpmStart(), env: { GATEWAY_LANDING_PAGE: 'off' } });

  it('serves no page to browsers: /graphql answers as GraphQL, /graphiql and its files are not found', async () => {
    const { response, html } = await browserGet(gw.url);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(html).not.toContain('<html');

    expect((await browserGet(`${gw.origin}/graphiql`)).response.status).toBe(404);
    expect((await fetch(`${gw.origin}/graphiql/assets/graphiql.js`)).status).toBe(404);
    expect((await fetch(`${gw.origin}/graphiql/assets/playground.js`)).status).toBe(404);
    expect((await gw.post('{ me { id } }')).body.errors).toBeUndefined();
  });
});
