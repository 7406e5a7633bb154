/**
 * The browser playground's routes: the landing page at `/graphql` (only for a GET that prefers
 * HTML, as Apollo Server decides it; every other request goes on to GraphQL), GraphiQL at
 * `/graphiql`, and GraphiQL's files under `/graphiql/assets/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_EMBEDDED_SANDBOX_VERSION } from '@apollo/server/plugin/landingPage/default';
import { Router, type Request, type Response } from 'express';
import { PLAYGROUND_SCRIPT } from './browser-script';
import { locateGraphiqlBundle } from './graphiql-assets';
import {
  ASSETS_PATH,
  contentSecurityPolicy,
  GRAPHIQL_PATH,
  graphiqlPageHtml,
  landingPageHtml,
  type PlaygroundCredentials,
} from './pages';

export interface PlaygroundRouteOptions {
  graphqlPath: string;
  credentials: PlaygroundCredentials;
}

/** What a GraphQL GET may answer, in Apollo Server's order: HTML only when the browser prefers it to all of them. */
const GRAPHQL_MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html'];

function prefersHtml(req: Request): boolean {
  return req.headers.accept !== undefined && req.accepts(GRAPHQL_MEDIA_TYPES) === 'text/html';
}

/** `@apollo/server@<version>`, the runtime Sandbox is told (the package exports no `package.json`). */
function apolloServerRuntime(): string {
  let directory = dirname(require.resolve('@apollo/server'));
  for (let depth = 0; depth < 5; depth += 1) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@apollo/server' && version) return `${name}@${version}`;
    }
    directory = dirname(directory);
  }
  return '@apollo/server';
}

function sendPage(req: Request, res: Response, html: string, withSandbox: boolean): void {
  // The page's relative URLs resolve from `/graphql`, not from `/graphql/`.
  if (req.path.endsWith('/')) {
    const name = req.baseUrl + req.path.replace(/\/+$/, '');
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    res.redirect(308, `../${name.slice(name.lastIndexOf('/') + 1)}${query}`);
    return;
  }
  res
    .status(200)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(withSandbox),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
    .send(html);
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export function playgroundRoutes(options: PlaygroundRouteOptions): Router {
  const bundle = locateGraphiqlBundle();
  const pageOptions = {
    ...options,
    sandboxVersion: DEFAULT_EMBEDDED_SANDBOX_VERSION,
    apolloRuntime: apolloServerRuntime(),
  };
  const landingPage = landingPageHtml(pageOptions);
  const graphiqlPage = graphiqlPageHtml(pageOptions);

  const router = Router();
  router.get(options.graphqlPath, (req, res, next) => {
    if (!prefersHtml(req)) {
      next();
      return;
    }
    sendPage(req, res, landingPage, true);
  });
  router.get(GRAPHIQL_PATH, (req, res) => sendPage(req, res, graphiqlPage, false));
  router.get(`${ASSETS_PATH}playground.js`, (_req, res) => {
    res.set({ 'Content-Type': CONTENT_TYPES['.js'], 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
    res.send(PLAYGROUND_SCRIPT);
  });
  router.get(`${ASSETS_PATH}:name`, (req, res, next) => {
    const name = String(req.params.name);
    const file = bundle.fileOf(name);
    if (!file) {
      next();
      return;
    }
    // Revalidated on each load (ETag), so a new bundle after an upgrade is never mixed with an old one.
    // The ETag is the file's own, set here: the gateway turns express's ETags off, sendFile's with them.
    res.set({
      'Content-Type': CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      ETag: file.etag,
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.sendFile(file.path);
  });
  return router;
}
