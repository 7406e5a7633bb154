/**
 * GraphiQL's prebuilt browser bundle, from the `@graphql-yoga/graphiql` package installed with
 * the gateway: served by the gateway itself so the playground needs no CDN. The package is found
 * through Node's resolution (not a path relative to this repository), so `npm start`'s compiled
 * `dist/` and the TypeScript sources find the same files.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const GRAPHIQL_PACKAGE = '@graphql-yoga/graphiql';

/** The URL name of each file under `/graphiql/assets/` and where it is in the package's `dist/`. */
const BUNDLE_FILES = {
  'graphiql.js': 'yoga-graphiql.umd.js',
  'graphiql.css': 'graphiql.css',
  // Monaco's editor workers, by the label Monaco asks for (`editorWorkerService` for anything else).
  'editor.worker.js': 'monacoeditorwork/editor.worker.bundle.js',
  'json.worker.js': 'monacoeditorwork/json.worker.bundle.js',
  // The package names this one with two dots.
  'graphql.worker.js': 'monacoeditorwork/graphql.worker..bundle.js',
} as const;

export type BundleAsset = keyof typeof BUNDLE_FILES;

/** Monaco worker label → asset name (every other label gets the editor worker). */
export const MONACO_WORKERS: Readonly<Record<string, BundleAsset>> = {
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
  editorWorkerService: 'editor.worker.js',
};

export interface GraphiqlBundle {
  /** Absolute path of an asset's file, or null when the name is not one of the bundle's. */
  pathOf(name: string): string | null;
}

/** Finds the installed bundle; throws with what to do when the package or one of its files is missing. */
export function locateGraphiqlBundle(): GraphiqlBundle {
  let manifest: string;
  try {
    manifest = require.resolve(`${GRAPHIQL_PACKAGE}/package.json`);
  } catch {
    throw new Error(
      `The playground needs the package ${GRAPHIQL_PACKAGE}, which is not installed: run \`npm install\`, or set GATEWAY_LANDING_PAGE=off.`,
    );
  }
  const dist = join(dirname(manifest), 'dist');
  const missing = Object.values(BUNDLE_FILES).filter((file) => !existsSync(join(dist, file)));
  if (missing.length > 0) {
    throw new Error(
      `The playground's GraphiQL bundle is incomplete (${missing.join(', ')} missing in ${dist}): reinstall ${GRAPHIQL_PACKAGE}, or set GATEWAY_LANDING_PAGE=off.`,
    );
  }
  return {
    pathOf: (name) => (Object.hasOwn(BUNDLE_FILES, name) ? join(dist, BUNDLE_FILES[name as BundleAsset]) : null),
  };
}
