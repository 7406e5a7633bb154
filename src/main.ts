/**
 * `npm start`: load the settings, start the embedded emulator when no Azure settings are given,
 * serve GraphQL on PORT, print where, and close everything on SIGINT/SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prepareGateway, type PreparedGateway } from './bootstrap';
import { ConfigError, loadConfigFromProcess, type Config } from './config';
import { GRAPHQL_PATH } from './server';

const EXAMPLE_QUERY =
  '{ me { displayName mail manager { displayName } memberOf(first: 5) { nodes { displayName } } } }';

function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function startupLines(prepared: PreparedGateway, port: number): string[] {
  const graphqlUrl = `http://localhost:${port}${GRAPHQL_PATH}`;
  const lines = [`GraphQL API ready at ${graphqlUrl}`];
  const { embedded } = prepared;
  if (embedded) {
    const body = JSON.stringify({ query: EXAMPLE_QUERY });
    const { userPrincipalName, id } = embedded.defaultUser;
    lines.push(
      `Graph emulator (embedded) at ${embedded.url}`,
      `Requests without an Authorization header act as the default signed-in user: ${userPrincipalName} (id ${id})`,
      'Try it:',
      `  curl -s ${graphqlUrl} -H 'content-type: application/json' -d '${body}'`,
    );
  } else {
    lines.push(`Microsoft Graph at ${prepared.graphUrl} (GRAPH_AUTH_MODE=${prepared.authMode})`);
  }
  return lines;
}

async function run(config: Config): Promise<void> {
  const prepared = await prepareGateway(config);
  const server = createServer(prepared.gateway.app);
  let port: number;
  try {
    port = await listenOn(server, config.port);
  } catch (error) {
    await prepared.close();
    const reason =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `port ${config.port} is already in use (set PORT to another port)`
        : String(error);
    throw new Error(`Could not serve GraphQL: ${reason}.`);
  }
  process.stdout.write(`${startupLines(prepared, port).join('\n')}\n`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    prepared.logger.info(`${signal} received, shutting down`);
    server.close();
    server.closeAllConnections();
    prepared.close().then(
      () => process.exit(0),
      (error: unknown) => {
        prepared.logger.error('Shutdown failed', { message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function main(): void {
  let config: Config;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  run(config).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

main();
