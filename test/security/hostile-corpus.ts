/**
 * Hostile input, as data: every case is one HTTP request to `/graphql` and the outcome a person
 * should see. Values meant for Graph carry the marker `ZQX` so the emulator's raw request log
 * can be checked afterwards: wherever the marker reaches Graph, it must sit inside a properly
 * escaped literal.
 *
 * Outcomes:
 * - `status` + `code` (+ `message`): a refusal (HTTP 4xx, or a GraphQL error on the field);
 * - `empty`: the value was sent to Graph as one escaped literal and matched nothing (HTTP 200,
 *   no errors, an empty list or a null entity) — the right answer for text that merely looks
 *   like OData.
 */
export const MARKER = 'ZQX';

export interface HostileRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A JSON body (serialised here) or a raw string body. */
  json?: unknown;
  raw?: string;
  /** Query string for GET (without `?`). */
  search?: string;
}

export type Expected =
  { kind: 'refused'; status: number; code: string; message: RegExp } | { kind: 'empty'; path: string };

export interface HostileCase {
  name: string;
  request: HostileRequest;
  expected: Expected;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function post(query: string, variables?: Record<string, unknown>): HostileRequest {
  return { method: 'POST', headers: JSON_HEADERS, json: variables ? { query, variables } : { query } };
}

const refused = (status: number, code: string, message: RegExp): Expected => ({
  kind: 'refused',
  status,
  code,
  message,
});
const empty = (path: string): Expected => ({ kind: 'empty', path });

/** Text that looks like OData syntax; each must reach Graph as one literal. */
const ODATA_PAYLOADS: Array<[string, string]> = [
  ['a closing quote and or', `${MARKER}' or '1' eq '1`],
  ['a doubled quote', `${MARKER}'' or true`],
  ['a query option after &', `${MARKER}&$expand=manager`],
  ['a $top option', `${MARKER}'&$top=999&x='`],
  ['a fragment #', `${MARKER}#fragment`],
  ['a percent sequence', `${MARKER}%27 or 1 eq 1`],
  ['an encoded ampersand', `${MARKER}%26$select=passwordProfile`],
  ['parentheses and a function', `${MARKER}') or startsWith(mail,'`],
  ['a plus and equals', `${MARKER}+a=b`],
  ['a double quote and backslash', `${MARKER}" OR "displayName:\\`],
  ['a lambda', `${MARKER}' or groupTypes/any(x:x eq 'Unified') or 'a' eq '`],
  ['a question mark', `${MARKER}?$filter=true`],
  ['unicode lookalike quotes', `${MARKER}\u2019 or \u2018a\u2019`],
  ['right-to-left override', `${MARKER}\u202e' ro`],
  ['an emoji and zero-width joiner', `${MARKER}🙂\u200d'`],
];

/** Control characters: refused with a message that says so. */
const CONTROL_PAYLOADS: Array<[string, string]> = [
  ['CR LF', `${MARKER}\r\nX-Injected: 1`],
  ['a lone LF', `${MARKER}\n`],
  ['NUL', `${MARKER}\u0000`],
  ['a line separator', `${MARKER}\u2028`],
];

const SLASH_MESSAGE = /must not contain '\/' or '\\'/;
const CONTROL_MESSAGE = /must not contain control characters such as CR or LF/;

function filterCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const usersEq = '{ users(filter: { displayName: { eq: $v } }) { nodes { id } } }'.replace(
    '{ users',
    'query ($v: String) { users',
  );
  const usersStarts = 'query ($v: String) { users(filter: { mail: { startsWith: $v } }) { nodes { id } } }';
  const groupsIn = 'query ($v: String!) { groups(filter: { displayName: { in: [$v] } }) { nodes { id } } }';
  for (const [name, payload] of ODATA_PAYLOADS) {
    cases.push({
      name: `filter eq with ${name}`,
      request: post(usersEq, { v: payload }),
      expected: empty('users.nodes'),
    });
    cases.push({
      name: `filter startsWith with ${name}`,
      request: post(usersStarts, { v: payload }),
      expected: empty('users.nodes'),
    });
    cases.push({
      name: `filter in with ${name}`,
      request: post(groupsIn, { v: payload }),
      expected: empty('groups.nodes'),
    });
  }
  for (const [name, payload] of CONTROL_PAYLOADS) {
    cases.push({
      name: `filter eq with ${name}`,
      request: post(usersEq, { v: payload }),
      expected: refused(200, 'BAD_USER_INPUT', CONTROL_MESSAGE),
    });
  }
  return cases;
}

function searchCases(): HostileCase[] {
  const query = 'query ($v: String) { users(search: $v) { nodes { id } } }';
  const cases: HostileCase[] = ODATA_PAYLOADS.map(([name, payload]) => ({
    name: `search with ${name}`,
    request: post(query, { v: payload }),
    expected: empty('users.nodes'),
  }));
  for (const [name, payload] of CONTROL_PAYLOADS) {
    cases.push({
      name: `search with ${name}`,
      request: post(query, { v: payload }),
      expected: refused(200, 'BAD_USER_INPUT', CONTROL_MESSAGE),
    });
  }
  cases.push({
    name: 'search with only spaces',
    request: post(query, { v: '   ' }),
    expected: refused(200, 'BAD_USER_INPUT', /search text must not be empty/),
  });
  return cases;
}

/** Ids that are not ids: null (Graph's 404) when escaped, refused when they could change the path. */
function idCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const notFound: Array<[string, string]> = [
    ...ODATA_PAYLOADS,
    ['a $batch segment', `$batch${MARKER}`],
    ['a $metadata segment', `$metadata${MARKER}`],
    ['a $ref suffix', `${MARKER}$ref`],
    ['a key in parentheses', `${MARKER}')/manager('`],
    ['a semicolon matrix parameter', `${MARKER};x=1`],
    ['an encoded slash', `${MARKER}%2F..%2Fme`],
    ['an encoded dot-dot', `%2E%2E${MARKER}`],
  ];
  const traversal: Array<[string, string, RegExp]> = [
    ['a path traversal', `../../${MARKER}`, SLASH_MESSAGE],
    ['a slash', `${MARKER}/manager`, SLASH_MESSAGE],
    ['a backslash', `${MARKER}\\..\\me`, SLASH_MESSAGE],
    ['dot-dot alone', '..', /must not be '\.' or '\.\.'/],
    ['an empty id', '', /must not be empty/],
  ];
  for (const [entity, root] of [
    ['user', 'User'],
    ['group', 'Group'],
  ] as const) {
    const query = `query ($id: ID!) { ${entity}(id: $id) { id } }`;
    for (const [name, payload] of notFound) {
      // A slash or backslash anywhere would change the path: refused rather than escaped.
      const expected = /[/\\]/.test(payload) ? refused(200, 'BAD_USER_INPUT', SLASH_MESSAGE) : empty(entity);
      cases.push({ name: `${root} id with ${name}`, request: post(query, { id: payload }), expected });
    }
    for (const [name, payload, message] of traversal) {
      cases.push({
        name: `${root} id with ${name}`,
        request: post(query, { id: payload }),
        expected: refused(200, 'BAD_USER_INPUT', message),
      });
    }
    for (const [name, payload] of CONTROL_PAYLOADS) {
      cases.push({
        name: `${root} id with ${name}`,
        request: post(query, { id: payload }),
        expected: refused(200, 'BAD_USER_INPUT', CONTROL_MESSAGE),
      });
    }
  }
  return cases;
}

function pageSizeCases(): HostileCase[] {
  const outOfRange = /first must be between 1 and 999/;
  return [
    {
      name: 'first: 0',
      request: post('{ users(first: 0) { nodes { id } } }'),
      expected: refused(400, 'BAD_USER_INPUT', outOfRange),
    },
    {
      name: 'first: -1',
      request: post('{ users(first: -1) { nodes { id } } }'),
      expected: refused(400, 'BAD_USER_INPUT', outOfRange),
    },
    {
      name: 'first: 1000000',
      request: post('{ users(first: 1000000) { nodes { id } } }'),
      expected: refused(400, 'BAD_USER_INPUT', outOfRange),
    },
    {
      name: 'first beyond a 32-bit Int',
      request: post('{ users(first: 99999999999) { nodes { id } } }'),
      expected: refused(400, 'GRAPHQL_VALIDATION_FAILED', /Int cannot represent non 32-bit signed integer value/),
    },
    {
      name: 'first as a float',
      request: post('{ users(first: 1.5) { nodes { id } } }'),
      expected: refused(400, 'GRAPHQL_VALIDATION_FAILED', /Int cannot represent non-integer value/),
    },
    {
      name: 'first as a huge variable',
      request: post('query ($n: Int) { users(first: $n) { nodes { id } } }', { n: 2 ** 40 }),
      expected: refused(400, 'BAD_USER_INPUT', /first must be between 1 and 999 \(got 1099511627776/),
    },
    {
      name: 'first as a string variable',
      request: post('query ($n: Int) { users(first: $n) { nodes { id } } }', { n: '10; DROP' }),
      expected: refused(400, 'BAD_USER_INPUT', /Int cannot represent non-integer value/),
    },
    {
      name: 'a nested first of -5',
      request: post('{ me { memberOf(first: -5) { nodes { id } } } }'),
      expected: refused(400, 'BAD_USER_INPUT', outOfRange),
    },
    {
      name: 'an after cursor that is not one',
      request: post(`{ users(after: "${MARKER}' or 1 eq 1") { nodes { id } } }`),
      expected: refused(200, 'BAD_USER_INPUT', /after/),
    },
  ];
}

function shapeCases(): HostileCase[] {
  const deep = `{ me ${'{ manager '.repeat(20)}{ id }${' }'.repeat(20)} }`;
  const aliases = `{ me { ${Array.from({ length: 150 }, (_, i) => `a${i}: displayName`).join(' ')} } }`;
  const fragmentBomb =
    '{ users(first: 999) { nodes { ...F0 } } } ' +
    Array.from(
      { length: 8 },
      (_, i) => `fragment F${i} on User { memberOf(first: 999) { nodes { id } } ...F${i + 1} }`,
    ).join(' ') +
    ' fragment F8 on User { id }';
  const aliasedLists = `{ ${Array.from({ length: 60 }, (_, i) => `u${i}: users(first: 999) { nodes { id } }`).join(' ')} }`;
  const tooComplex = (setting: string) => refused(400, 'QUERY_TOO_COMPLEX', new RegExp(`raise ${setting}`));
  return [
    { name: 'nesting 22 levels deep', request: post(deep), expected: tooComplex('GATEWAY_MAX_DEPTH') },
    { name: 'an alias bomb of 150 aliases', request: post(aliases), expected: tooComplex('GATEWAY_MAX_ALIASES') },
    {
      name: 'a fragment bomb over nested lists',
      request: post(fragmentBomb),
      expected: tooComplex('GATEWAY_MAX_COST'),
    },
    { name: 'sixty aliased full pages', request: post(aliasedLists), expected: tooComplex('GATEWAY_MAX_COST') },
    {
      name: 'a fragment cycle',
      request: post('{ me { ...A } } fragment A on User { manager { ...B } } fragment B on User { manager { ...A } }'),
      expected: refused(400, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself/),
    },
    {
      name: 'a token flood',
      request: post(`{ me { ${'id '.repeat(6000)} } }`),
      expected: tooComplex('GATEWAY_MAX_TOKENS'),
    },
    {
      name: 'a query text over the size limit',
      request: post(`{ me { id } } # ${'x'.repeat(40_000)}`),
      expected: tooComplex('GATEWAY_MAX_QUERY_BYTES'),
    },
    {
      name: 'a directive flood',
      request: post(`{ me { id ${'@include(if: true) '.repeat(300)} } }`),
      expected: refused(
        400,
        'GRAPHQL_VALIDATION_FAILED',
        /The directive "@include" can only be used once at this location/,
      ),
    },
    {
      name: 'an unknown field',
      request: post('{ me { password } }'),
      expected: refused(400, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "password"/),
    },
    {
      name: 'introspection of a missing type',
      request: post('{ __type(name: "Nope") { name } }'),
      expected: empty('__type'),
    },
    {
      name: 'a syntax error',
      request: post('{ me { id '),
      expected: refused(400, 'GRAPHQL_PARSE_FAILED', /Syntax Error/),
    },
    {
      name: 'an unterminated string',
      request: post('{ user(id: "abc) { id } }'),
      expected: refused(400, 'GRAPHQL_PARSE_FAILED', /Unterminated string/),
    },
    {
      name: 'two operations without an operationName',
      request: post('query A { me { id } } query B { me { id } }'),
      expected: refused(400, 'OPERATION_RESOLUTION_FAILURE', /Must provide operation name/),
    },
    {
      name: 'an unknown operationName',
      request: { method: 'POST', headers: JSON_HEADERS, json: { query: 'query A { me { id } }', operationName: 'B' } },
      expected: refused(400, 'OPERATION_RESOLUTION_FAILURE', /Unknown operation named "B"/),
    },
  ];
}

function httpCases(): HostileCase[] {
  const csrf = refused(400, 'BAD_REQUEST', /This operation has been blocked as a potential Cross-Site Request Forgery/);
  const notJson = refused(400, 'BAD_REQUEST', /The request body is not valid JSON/);
  return [
    {
      name: 'a batch of operations',
      request: {
        method: 'POST',
        headers: JSON_HEADERS,
        json: [{ query: '{ me { id } }' }, { query: '{ me { id } }' }],
      },
      expected: refused(400, 'BAD_REQUEST', /batching/i),
    },
    {
      name: 'invalid JSON',
      request: { method: 'POST', headers: JSON_HEADERS, raw: '{"query": "{ me { id } }"' },
      expected: notJson,
    },
    {
      name: 'JSON with a trailing comma',
      request: { method: 'POST', headers: JSON_HEADERS, raw: '{"query": "{ me { id } }",}' },
      expected: notJson,
    },
    {
      name: 'a JSON string instead of an object',
      request: { method: 'POST', headers: JSON_HEADERS, raw: '"{ me { id } }"' },
      expected: notJson,
    },
    {
      name: 'an empty JSON body',
      request: { method: 'POST', headers: JSON_HEADERS, raw: '' },
      expected: refused(400, 'BAD_REQUEST', /POST body missing/),
    },
    {
      name: 'a query that is a number',
      request: { method: 'POST', headers: JSON_HEADERS, json: { query: 42 } },
      expected: refused(400, 'BAD_REQUEST', /GraphQL queries must be strings/),
    },
    {
      name: 'variables that are a string',
      request: { method: 'POST', headers: JSON_HEADERS, json: { query: '{ me { id } }', variables: 'x' } },
      expected: refused(400, 'BAD_REQUEST', /`variables` in a POST body should be provided as an object/),
    },
    {
      name: 'no query at all',
      request: { method: 'POST', headers: JSON_HEADERS, json: {} },
      expected: refused(400, 'BAD_REQUEST', /POST body missing, invalid Content-Type, or JSON object has no keys/),
    },
    {
      name: 'a text/plain body',
      request: { method: 'POST', headers: { 'content-type': 'text/plain' }, raw: '{"query":"{ me { id } }"}' },
      expected: csrf,
    },
    {
      name: 'a form-encoded body',
      request: {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        raw: 'query=%7B%20me%20%7B%20id%20%7D%20%7D',
      },
      expected: csrf,
    },
    {
      name: 'a multipart body',
      request: {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        raw: '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ me { id } }\r\n--x--\r\n',
      },
      expected: csrf,
    },
    {
      name: 'a POST without a content type',
      request: { method: 'POST', raw: '{"query":"{ me { id } }"}' },
      expected: csrf,
    },
    {
      name: 'a simple GET sent by a page of another site (CSRF)',
      request: {
        method: 'GET',
        headers: { origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
        search: `query=${encodeURIComponent('{ me { id } }')}`,
      },
      expected: csrf,
    },
    {
      name: 'a mutation over GET',
      request: {
        method: 'GET',
        headers: { 'apollo-require-preflight': 'true' },
        search: `query=${encodeURIComponent('mutation { __typename }')}`,
      },
      expected: refused(405, 'BAD_REQUEST', /GET requests only support query operations/),
    },
    {
      name: 'a GET with variables that are not JSON',
      request: {
        method: 'GET',
        headers: { 'apollo-require-preflight': 'true' },
        search: `query=${encodeURIComponent('{ me { id } }')}&variables=%7Bnope`,
      },
      expected: refused(400, 'BAD_REQUEST', /variables.*JSON/),
    },
    {
      name: 'a body over the size limit',
      request: {
        method: 'POST',
        headers: JSON_HEADERS,
        json: { query: '{ me { id } }', variables: { pad: 'x'.repeat(300 * 1024) } },
      },
      expected: refused(413, 'BAD_REQUEST', /too large/),
    },
    {
      name: 'a persisted query hash that is unknown',
      request: {
        method: 'POST',
        headers: JSON_HEADERS,
        json: { extensions: { persistedQuery: { version: 1, sha256Hash: `${'0'.repeat(61)}bad` } } },
      },
      expected: refused(200, 'PERSISTED_QUERY_NOT_FOUND', /PersistedQueryNotFound/),
    },
    {
      name: 'a persisted query whose hash does not match',
      request: {
        method: 'POST',
        headers: JSON_HEADERS,
        json: { query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
      },
      expected: refused(400, 'BAD_REQUEST', /provided sha does not match query/),
    },
    {
      name: 'an Authorization header that is not a bearer',
      request: {
        method: 'POST',
        headers: { ...JSON_HEADERS, authorization: `Basic ${MARKER}\u00e9` },
        json: { query: '{ me { id } }' },
      },
      expected: refused(401, 'UNAUTHENTICATED', /must have the form `Bearer <access token>`/),
    },
    {
      name: 'a bearer that is not a token',
      request: {
        method: 'POST',
        headers: { ...JSON_HEADERS, authorization: 'Bearer not.a.jwt' },
        json: { query: '{ me { id } }' },
      },
      expected: refused(401, 'UNAUTHENTICATED', /bearer token was refused|token/i),
    },
  ];
}

// ------------------------------------------------------------------------------ cost model
// Fan-out the page sizes alone do not show: lists Graph returns whole, costed at their declared
// `@listSize`, and `_entities`, costed per representation and capped in number.

function costModelCases(): HostileCase[] {
  const tooComplex = (setting: string) => refused(400, 'QUERY_TOO_COMPLEX', new RegExp(`raise ${setting}`));
  const levels = 6;
  const cycleFragments = Array.from(
    { length: levels },
    (_, i) =>
      `fragment L${i} on PlannerPlan { a: buckets { plan { ...L${i + 1} } } b: buckets { plan { ...L${i + 1} } } }`,
  );
  const bucketCycle = `{ plannerPlan(id: "${MARKER}") { ...L0 } } ${cycleFragments.join(' ')} fragment L${levels} on PlannerPlan { id }`;
  const entities = (selection: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;
  const users = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ __typename: 'User', id: `${MARKER}-${i}` }));
  return [
    {
      name: 'a plan → buckets → plan cycle six levels deep',
      request: post(bucketCycle),
      expected: tooComplex('GATEWAY_MAX_COST'),
    },
    {
      name: 'fan-out through unpaged lists (plans, buckets, assignees)',
      request: post('{ groups { nodes { plannerPlans { buckets { tasks { nodes { assignees { id } } } } } } } }'),
      expected: tooComplex('GATEWAY_MAX_COST'),
    },
    {
      name: 'every To Do list of a page of users with their tasks',
      request: post('{ users { nodes { outlookTaskLists { tasks { nodes { id } } } } } }'),
      expected: tooComplex('GATEWAY_MAX_COST'),
    },
    {
      name: '3000 entity representations',
      request: post(entities('... on User { id }'), { r: users(3000) }),
      expected: tooComplex('GATEWAY_MAX_REPRESENTATIONS'),
    },
    {
      name: '400 representations each reading a full page of groups',
      request: post(entities('... on User { memberOf(first: 100) { nodes { id } } }'), { r: users(400) }),
      expected: tooComplex('GATEWAY_MAX_COST'),
    },
  ];
}

/** Cursors the API never issued, and bearers that only look like tokens: refused before any Graph call. */
function cursorAndCredentialCases(): HostileCase[] {
  const notOurCursor = refused(200, 'BAD_USER_INPUT', /^after is not a cursor this API issued/);
  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const oldStyle = (link: string) => base64url([base64url({ l: link }), 0]);
  const usersAfter = (after: string) =>
    post('query($a: String) { users(first: 2, after: $a) { nodes { id } } }', { a: after });
  const bearer = (token: string): HostileRequest => ({
    method: 'POST',
    headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
    json: { query: '{ me { id } }' },
  });
  const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ scp: 'access_as_user', oid: MARKER, exp: 4102444800 })}.`;
  return [
    {
      name: 'a cursor wrapping a nextLink with its own $filter and $expand',
      request: usersAfter(
        oldStyle(`https://graph.microsoft.com/v1.0/users?$filter=startswith(mobilePhone,'${MARKER}')&$expand=manager`),
      ),
      expected: notOurCursor,
    },
    {
      name: 'a cursor pointing at another collection',
      request: usersAfter(oldStyle('https://graph.microsoft.com/v1.0/groups?$top=999')),
      expected: notOurCursor,
    },
    {
      name: 'a cursor of the current format with a forged seal',
      request: usersAfter(`c1.${base64url(['t', MARKER, 0, 0])}.${'A'.repeat(43)}`),
      expected: notOurCursor,
    },
    {
      name: 'a cursor of the current format with no seal',
      request: usersAfter(`c1.${base64url(['t', MARKER, 0, 0])}`),
      expected: notOurCursor,
    },
    {
      name: 'an unsigned token (alg none) claiming the scope',
      request: bearer(unsigned),
      expected: refused(401, 'UNAUTHENTICATED', /refused/),
    },
  ];
}

export const HOSTILE_CORPUS: readonly HostileCase[] = [
  ...filterCases(),
  ...searchCases(),
  ...idCases(),
  ...pageSizeCases(),
  ...shapeCases(),
  ...httpCases(),
  ...costModelCases(),
  ...cursorAndCredentialCases(),
];
