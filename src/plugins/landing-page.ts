/**
 * The browser page at `/graphql`: Apollo Sandbox (embedded, loaded from Apollo's CDN) with the
 * example operations preloaded. Apollo's page shows a fallback under the Sandbox frame when its
 * assets cannot load; here that fallback (and the no-JavaScript text) tells how to query with
 * curl instead.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { curlExample, EXAMPLE_OPERATIONS, EXAMPLE_VARIABLES } from './example-operations';

const DEFAULT_URL_TEXT = 'http://localhost:4000/graphql';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function curlHelp(className: string): string {
  const command = escapeHtml(curlExample(DEFAULT_URL_TEXT));
  return [
    `<div class="${className}">`,
    '<h1>msgraph-graphql</h1>',
    "<p>Apollo Sandbox could not be loaded (it comes from Apollo's CDN, which this browser cannot reach). Query the API with curl instead:</p>",
    `<pre class="curl-example">${command}</pre>`,
    '<p>POST a JSON body <code>{"query": "...", "variables": {...}}</code> with <code>content-type: application/json</code>. ',
    'With the embedded emulator, requests without an <code>Authorization</code> header act as the default signed-in user.</p>',
    '</div>',
  ].join('\n');
}

/** Apollo's page with the curl help in its offline fallback and `<noscript>`, pointing at this page's own URL. */
export function withCurlFallback(html: string): string {
  const nonce = /nonce="([0-9a-f]+)"/.exec(html)?.[1];
  const fixUrl = nonce
    ? `<script nonce="${nonce}">document.querySelectorAll('.curl-example').forEach(function (el) {` +
      ` el.textContent = el.textContent.replace(${JSON.stringify(DEFAULT_URL_TEXT)}, window.location.origin + window.location.pathname); });</script>`
    : '';
  return html
    .replace(/<noscript>[\s\S]*?<\/noscript>/, () => `<noscript>${curlHelp('noscript-help')}</noscript>`)
    .replace(/<div class="fallback">[\s\S]*?<\/div>/, () => `${curlHelp('fallback')}\n${fixUrl}`)
    .replace('<title>Apollo Server</title>', '<title>msgraph-graphql · Apollo Sandbox</title>');
}

export function landingPagePlugin(): ApolloServerPlugin {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({
    embed: { endpointIsEditable: false, runTelemetry: false },
    document: EXAMPLE_OPERATIONS,
    variables: EXAMPLE_VARIABLES,
    includeCookies: false,
  });
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!render) throw new Error('Apollo Sandbox landing page plugin did not provide a page.');
      return {
        async renderLandingPage() {
          const page = await render();
          const html = page.html;
          return { html: async () => withCurlFallback(typeof html === 'string' ? html : await html()) };
        },
      };
    },
  };
}
