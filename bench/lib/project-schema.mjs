/**
 * The project's schema as the gateway serves it (`schema/*.graphql`, a Federation 2 subgraph),
 * for the naive baseline and for checking an operation before a scenario runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';

const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

export function loadProjectTypeDefs() {
  const files = readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  return parse(files.map((file) => readFileSync(join(SCHEMA_DIR, file), 'utf8')).join('\n'));
}
