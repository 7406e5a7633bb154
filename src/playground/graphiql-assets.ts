/**
 * GraphiQL's prebuilt browser bundle, from the `@graphql-yoga/graphiql` package installed with
 * the gateway: served by the gateway itself so the playground needs no CDN. The package is found
 * through Node's resolution (not a path relative to this repository), so `npm start`'s compiled
 * `dist/` and the TypeScript sources find the same files.
 */
import { statSync } from 'node:fs';
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

/** One file of the bundle. */
export interface BundleFile {
  /** Absolute path of the file. */
  readonly path: string;
  /**
   * A weak ETag from the file's size and modification time, taken once at startup: the files
   * change only with an upgrade, which restarts the gateway.
   */
  readonly etag: string;
}

export interface GraphiqlBundle {
  /** The file of an asset, or null when the name is not one of the bundle's. */
  fileOf(name: string): BundleFile | null;
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
  const files = new Map<string, BundleFile>();
  const missing: string[] = [];
  for (const [name, file] of Object.entries(BUNDLE_FILES)) {
    const path = join(dist, file);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats)
      files.set(name, { path, etag: `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"` });
    else missing.push(file);
  }
  if (missing.length > 0) {
    throw new Error(
      `The playground's GraphiQL bundle is incomplete (${missing.join(', ')} missing in ${dist}): reinstall ${GRAPHIQL_PACKAGE}, or set GATEWAY_LANDING_PAGE=off.`,
    );
  }
  return { fileOf: (name) => files.get(name) ?? null };
}
