/**
 * Browsers on other origins, over real HTTP (headers as a browser sends them): CORS for the
 * allowed origins (`CORS_ORIGINS`; loopback pages in embedded mode), none for the others, 204
 * preflights, and the CSRF rule that lets simple GET queries through but not a foreign page's.
 */
import { request } from 'node:http';
import { asNpmStart, useGateway } from '../kit';
import generatedPossibleTypes from '../../src/__generated__/possible-types';

const FOREIGN = 'https://attacker.example';
const APP = 'https://app.contoso.com';

/** The headers Chromium sends with a cross-origin `fetch` of `origin`'s page (Fetch Metadata included). */
function fromPage(origin: string, site: 'cross-site' | 'same-site' = 'cross-site'): Record<string, string> {
  return { origin, 'sec-fetch-site': site, 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };
}

function preflight(url: string, origin: string, requestHeaders = 'content-type') {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      ...fromPage(origin),
      'access-control-request-method': 'POST',
      'access-control-request-headers': requestHeaders,
    },
  });
}

function corsHeadersOf(response: { headers: Headers }): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
}

const getQuery = (url: string, query: string) => `${url}?query=${encodeURIComponent(query)}`;

/**
 * A GET with exactly these headers (Node's fetch would replace `sec-fetch-mode` with `cors`).
 * Answers like fetch: status, headers and the body as JSON (or text).
 */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const isJson = (response.headers['content-type'] ?? '').includes('json');
        resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: isJson ? JSON.parse(text) : text });
      });
    });
    sent.on('error', reject);
    sent.end();
  });
}

const ALLOWED_PREFLIGHT = (origin: string) => ({
  'access-control-allow-origin': origin,
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, authorization, x-api-key, apollo-require-preflight, x-graph-stats, x-request-id',
  'access-control-expose-headers': 'x-request-id, www-authenticate',
  'access-control-max-age': '600',
});

describe('CORS in embedded mode (npm start)', () => {
  const gw = useGateway(asNpmStart());

  it.each(['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080'])(
    'answers the preflight of a page on %s with 204 and its origin echoed',
    async (origin) => {
      const response = await preflight(gw.url, origin, 'content-type, authorization');
      expect(response.status).toBe(204);
      expect(corsHeadersOf(response)).toEqual(ALLOWED_PREFLIGHT(origin));
      expect(response.headers.get('vary')).toBe('Origin');
      expect(await response.text()).toBe('');
    },
  );

  it('allows a public page to reach a private address (Chromium’s private network preflight) only for an allowed origin', async () => {
    const ask = (origin: string) =>
      fetch(gw.url, {
        method: 'OPTIONS',
        headers: {
          ...fromPage(origin),
          'access-control-request-method': 'POST',
          'access-control-request-private-network': 'true',
        },
      });
    expect((await ask('http://localhost:5173')).headers.get('access-control-allow-private-network')).toBe('true');
    expect((await ask(FOREIGN)).headers.get('access-control-allow-private-network')).toBeNull();
  });

  it('answers the preflight of a page of another site with 204 and no CORS header, so the browser sends nothing', async () => {
    for (const origin of [FOREIGN, 'https://localhost:5173', 'http://127.0.0.2:5173', 'null']) {
      const response = await preflight(gw.url, origin);
      expect({ origin, status: response.status, cors: corsHeadersOf(response) }).toEqual({
        origin,
        status: 204,
        cors: {},
      });
    }
  });

  it('lets a loopback page read the answer of a JSON POST, with the request id exposed', async () => {
    const response = await gw.post('{ me { id } }', { headers: fromPage('http://localhost:5173', 'same-site') });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ me: { id: gw.emulator.info.defaultUserId } });
    expect(corsHeadersOf(response)).toEqual({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-expose-headers': 'x-request-id, www-authenticate',
    });
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('gives the answer to a page of another site no CORS header, so its browser hides it', async () => {
    const response = await gw.post('{ me { id } }', { headers: fromPage(FOREIGN) });
    expect(corsHeadersOf(response)).toEqual({});
  });

  it('runs a GET query without a content type or preflight header (urql and graphql-request defaults)', async () => {
    gw.resetTraffic();
    const response = await get(getQuery(gw.url, '{ me { id } }'), {
      accept: 'application/graphql-response+json, application/json',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ data: { me: { id: gw.emulator.info.defaultUserId } } });
    expect(gw.graphLines()).toHaveLength(1);
  });

  it('runs a simple GET query from a loopback page and lets it read the answer', async () => {
    const response = await get(getQuery(gw.url, '{ me { id } }'), fromPage('http://127.0.0.1:5173'));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(response.body).toMatchObject({ data: { me: { id: gw.emulator.info.defaultUserId } } });
  });

  it('refuses a simple GET from a page of another site before any Graph read', async () => {
    gw.resetTraffic();
    for (const headers of [
      fromPage(FOREIGN),
      // <img src> and <script src>: no Origin header, only Fetch Metadata.
      { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' },
      // A browser without Fetch Metadata.
      { origin: FOREIGN },
    ]) {
      const response = await get(getQuery(gw.url, '{ me { id } }'), headers);
      expect(response.status).toBe(400);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.body).toEqual({
        errors: [
          {
            message:
              'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF): ' +
              'it was sent by a page of another origin, which CORS_ORIGINS does not allow.',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
    }
    expect(gw.graphLines()).toEqual([]);
  });

  it('still serves a link followed from another site (the answer is shown to the person, not the page)', async () => {
    const response = await get(getQuery(gw.url, '{ me { id } }'), {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-dest': 'document',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ data: { me: { id: gw.emulator.info.defaultUserId } } });
  });

  it('refuses a mutation over GET (405) and a form or text POST (400), from any page', async () => {
    const mutation = await get(getQuery(gw.url, 'mutation { __typename }'), fromPage('http://localhost:5173'));
    expect(mutation.status).toBe(405);
    expect((mutation.body as { errors: { message: string }[] }).errors[0].message).toMatch(
      /GET requests only support query operations/,
    );

    const text = await fetch(gw.url, {
      method: 'POST',
      headers: { ...fromPage('http://localhost:5173'), 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { deletePlannerTask(input: { id: "x", etag: "y" }) { id } }' }),
    });
    expect(text.status).toBe(400);
    expect(await text.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^This operation has been blocked as a potential Cross-Site Request Forgery/),
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });

  it('serves the possibleTypes map at /possible-types.json, with CORS for loopback pages', async () => {
    const response = await fetch(`${gw.origin}/possible-types.json`, { headers: fromPage('http://localhost:5173') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await response.json()).toEqual({
      possibleTypes: { DirectoryObject: ['Group', 'OtherDirectoryObject', 'User'] },
    });
    expect(generatedPossibleTypes.possibleTypes).toEqual({
      DirectoryObject: ['Group', 'OtherDirectoryObject', 'User'],
    });

    const foreign = await fetch(`${gw.origin}/possible-types.json`, { headers: fromPage(FOREIGN) });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS in on-behalf-of mode', () => {
  describe('with CORS_ORIGINS unset', () => {
    const gw = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'on-behalf-of' }, serve: true });

    it('allows no origin, not even loopback pages', async () => {
      const response = await preflight(gw.url, 'http://localhost:5173', 'authorization');
      expect(response.status).toBe(204);
      expect(corsHeadersOf(response)).toEqual({});
    });
  });

  describe(`with CORS_ORIGINS=${APP}`, () => {
    const gw = useGateway({
      users: 20,
      external: { GRAPH_AUTH_MODE: 'on-behalf-of', CORS_ORIGINS: `${APP}, http://localhost:*` },
      serve: true,
    });
    const bearer = () => ({ authorization: `Bearer ${gw.emulator.mintUserToken(gw.emulator.info.defaultUserId)}` });

    it('answers the listed origins’ preflights for an Authorization header', async () => {
      for (const origin of [APP, 'http://localhost:5173']) {
        const response = await preflight(gw.url, origin, 'authorization');
        expect(response.status).toBe(204);
        expect(corsHeadersOf(response)).toEqual(ALLOWED_PREFLIGHT(origin));
      }
      expect(corsHeadersOf(await preflight(gw.url, 'https://contoso.com'))).toEqual({});
    });

    it('runs a GET query with only an Authorization header from the listed origin', async () => {
      const response = await get(getQuery(gw.url, '{ me { id } }'), { ...fromPage(APP), ...bearer() });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP);
      expect(response.body).toMatchObject({ data: { me: { id: gw.emulator.info.defaultUserId } } });
    });

    it('answers a simple GET, which no page can add a credential to, with a readable 401', async () => {
      const response = await get(getQuery(gw.url, '{ me { id } }'), fromPage(APP));
      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });
  });
});
