/**
 * The two browser pages of the playground and their Content-Security-Policy:
 * - the landing page at `/graphql`: Apollo Sandbox (its embed script comes from Apollo's CDN),
 *   switching to GraphiQL at once when Sandbox cannot load;
 * - `/graphiql`: GraphiQL alone, every file from this gateway.
 * Both preload the example operations and point at the gateway's `/graphql`. Neither page holds
 * inline script: the behaviour is `playground.js` (see `browser-script.ts`), the settings a JSON
 * block it reads.
 */
import { curlExample, EXAMPLE_OPERATIONS, EXAMPLE_VARIABLES } from '../plugins/example-operations';
import { MONACO_WORKERS } from './graphiql-assets';

export const GRAPHIQL_PATH = '/graphiql';
export const ASSETS_PATH = `${GRAPHIQL_PATH}/assets/`;

/**
 * The pages refer to each other, to `/graphql` and to the assets by relative URLs: every one of
 * them sits at the root, so a proxy that serves the gateway under a path prefix keeps working.
 */
function relative(path: string): string {
  return path.replace(/^\/+/, '');
}

const SANDBOX_CDN = 'https://embeddable-sandbox.cdn.apollographql.com';
const SANDBOX_FRAME = 'https://sandbox.embed.apollographql.com';
/** A CDN that neither answers nor fails (a firewall dropping packets) is given up after this long. */
export const SANDBOX_TIMEOUT_MS = 5000;

/** What a browser caller must add to its requests in this mode, shown pre-filled in the headers editors. */
export type PlaygroundCredentials = 'none' | 'bearer' | 'api-key';

export interface PlaygroundOptions {
  /** The GraphQL endpoint's path, e.g. `/graphql`. */
  graphqlPath: string;
  credentials: PlaygroundCredentials;
  /** Apollo Sandbox's embed script version (`v2`) and the Apollo Server runtime it is told (`@apollo/server@5.5.1`). */
  sandboxVersion: string;
  apolloRuntime: string;
}

/** The header template for the mode: a placeholder the user replaces (embedded mode needs none). */
function headerTemplate(credentials: PlaygroundCredentials): Record<string, string> {
  if (credentials === 'bearer') return { authorization: 'Bearer <token for this API>' };
  if (credentials === 'api-key') return { 'x-api-key': '<one of GATEWAY_API_KEYS>' };
  return {};
}

function sandboxScriptUrl(options: PlaygroundOptions): string {
  return `${SANDBOX_CDN}/${encodeURIComponent(options.sandboxVersion)}/embeddable-sandbox.umd.production.min.js?runtime=${encodeURIComponent(options.apolloRuntime)}`;
}

/** The settings `playground.js` reads. */
export function playgroundConfig(start: 'sandbox' | 'graphiql', options: PlaygroundOptions) {
  const headers = headerTemplate(options.credentials);
  const hasHeaders = Object.keys(headers).length > 0;
  return {
    start,
    endpoint: relative(options.graphqlPath),
    assets: relative(ASSETS_PATH),
    workers: MONACO_WORKERS,
    sandbox: {
      script: sandboxScriptUrl(options),
      timeoutMs: SANDBOX_TIMEOUT_MS,
      // The options Apollo Server's own landing page gives Sandbox, with telemetry off.
      options: {
        target: '#sandbox',
        initialState: {
          document: EXAMPLE_OPERATIONS,
          variables: EXAMPLE_VARIABLES,
          ...(hasHeaders ? { headers } : {}),
          includeCookies: false,
        },
        hideCookieToggle: false,
        endpointIsEditable: false,
        runtime: options.apolloRuntime,
        runTelemetry: false,
        allowDynamicStyles: false,
      },
    },
    graphiql: {
      title: 'msgraph-graphql',
      query: EXAMPLE_OPERATIONS,
      variables: JSON.stringify(EXAMPLE_VARIABLES, null, 2),
      ...(hasHeaders ? { headers: JSON.stringify(headers, null, 2) } : {}),
      // Tokens typed into the headers editor stay in this tab, not in the browser's storage.
      shouldPersistHeaders: false,
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON inside `<script type="application/json">`: nothing in it can close the element. */
function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const STYLE = `
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #playground-status { padding: 0.5em 1em; background: #f3f4f6; border-bottom: 1px solid #d1d5db; font-size: 14px; }
  #playground-status[hidden] { display: none; }
  #playground-status[data-state="fallback"] { background: #fef3c7; }
  #playground-status[data-state="failed"] { background: #fee2e2; }
  #sandbox, #graphiql { flex: 1; min-height: 0; }
  #sandbox iframe { width: 100%; height: 100%; border: none; }
  body:not([data-playground="sandbox"]) #sandbox, body:not([data-playground="graphiql"]) #graphiql { display: none; }
  #graphiql .graphiql-container { height: 100%; }
  pre { white-space: pre-wrap; word-break: break-all; }
`;

function noscriptHelp(graphqlPath: string): string {
  const command = escapeHtml(curlExample(`http://localhost:4000${graphqlPath}`));
  return [
    '<noscript><div class="noscript-help">',
    '<h1>msgraph-graphql</h1>',
    '<p>The playground needs JavaScript. Query the API with curl instead (with this page&#39;s host and port):</p>',
    `<pre class="curl-example">${command}</pre>`,
    '<p>POST a JSON body <code>{"query": "...", "variables": {...}}</code> with <code>content-type: application/json</code>.</p>',
    '</div></noscript>',
  ].join('\n');
}

function page(title: string, status: string, config: ReturnType<typeof playgroundConfig>, graphqlPath: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
<script type="application/json" id="playground-config">${jsonForScriptElement(config)}</script>
<script src="${relative(ASSETS_PATH)}playground.js" defer></script>
</head>
<body>
${noscriptHelp(graphqlPath)}
<div id="playground-status" data-state="loading"><span class="message">${status}</span></div>
<div id="sandbox"></div>
<div id="graphiql"></div>
</body>
</html>
`;
}

/** `/graphql` in a browser: Apollo Sandbox, or GraphiQL when Sandbox cannot load. */
export function landingPageHtml(options: PlaygroundOptions): string {
  const status = `Loading Apollo Sandbox from Apollo's CDN… <a href="${relative(GRAPHIQL_PATH)}">Open GraphiQL</a> (served by this gateway, works offline).`;
  return page('msgraph-graphql · Apollo Sandbox', status, playgroundConfig('sandbox', options), options.graphqlPath);
}

/** `/graphiql`: GraphiQL, every file from this gateway. */
export function graphiqlPageHtml(options: PlaygroundOptions): string {
  return page(
    'msgraph-graphql · GraphiQL',
    'Loading GraphiQL…',
    playgroundConfig('graphiql', options),
    options.graphqlPath,
  );
}

/**
 * The pages' policy. Scripts: this gateway's files (plus Sandbox's CDN on the landing page);
 * no inline script. Styles may be inline: GraphiQL's editor (Monaco) writes `<style>` elements
 * at run time. Fonts and icons of GraphiQL's stylesheet are `data:` URLs; the editor workers
 * are this origin's files. GraphiQL's page sends requests to this origin only; the landing page
 * leaves requests as open as Apollo Server's own Sandbox page does, since Sandbox's embed script
 * is Apollo's to change.
 */
export function contentSecurityPolicy(withSandbox: boolean): string {
  const directives = withSandbox
    ? [
        `script-src 'self' ${SANDBOX_CDN}`,
        `style-src 'self' 'unsafe-inline' ${SANDBOX_CDN}`,
        `frame-src ${SANDBOX_FRAME}`,
      ]
    : [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "frame-src 'none'",
      ];
  return [
    ...directives,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
