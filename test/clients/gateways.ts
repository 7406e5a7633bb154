/**
 * The two gateways every client test runs against: as `npm start` runs it (embedded emulator,
 * no credentials), and in on-behalf-of mode against an emulator listening as an external Graph,
 * where the client adds only an `Authorization` header. Plus a `fetch` that records what each
 * client sent, so a test can assert the client's defaults (GET or POST, content type).
 */
import { asNpmStart, type TestGateway, type TestGatewayOptions } from '../kit';

export interface ClientSetup {
  name: string;
  options: TestGatewayOptions;
  /** The headers a frontend adds in this set-up (none for `npm start`). */
  headers(gw: TestGateway): Record<string, string>;
}

export const CLIENT_SETUPS: readonly ClientSetup[] = [
  { name: 'npm start (embedded emulator)', options: asNpmStart(), headers: () => ({}) },
  {
    name: 'on-behalf-of mode with an Authorization header',
    options: { users: 20, external: { GRAPH_AUTH_MODE: 'on-behalf-of' }, serve: true },
    headers: (gw) => ({ authorization: `Bearer ${gw.emulator.mintUserToken(gw.emulator.info.defaultUserId)}` }),
  },
];

export interface SentRequest {
  method: string;
  contentType: string | null;
  authorization: boolean;
}

/** The global fetch, recording each request's method, content type and whether it carried Authorization. */
export function recordingFetch(sent: SentRequest[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    sent.push({
      method: request.method,
      contentType: request.headers.get('content-type'),
      authorization: request.headers.has('authorization'),
    });
    return fetch(request);
  };
}

export const ME_QUERY = 'query Me { me { id displayName } }';
export const MY_TASK_QUERY = 'query MyTask { me { plannerTasks(first: 1) { nodes { id etag title } } } }';
export const RENAME_TASK = `mutation RenameTask($id: ID!, $etag: String!, $title: String!) {
  updatePlannerTask(input: { id: $id, etag: $etag, title: $title }) { task { id title } }
}`;

export interface MyTask {
  me: { plannerTasks: { nodes: { id: string; etag: string; title: string }[] } };
}
