import { bindFilter, evaluateFilter, FilterSyntaxError, parseFilter, type FilterNode } from '../src/http/filter';
import { collectionPage, decodeSkipToken, encodeSkipToken, nextLink, parseTop, project } from '../src/http/odata';
import { matchesSearch, parseSearch, searchTokens, SearchSyntaxError } from '../src/http/search';
import type { GraphCall } from '../src/http/types';

function callFor(pathAndQuery: string, method = 'GET'): GraphCall {
  const url = new URL(`http://127.0.0.1:4001/v1.0${pathAndQuery}`);
  return {
    method,
    version: 'v1.0',
    path: decodeURIComponent(url.pathname.slice('/v1.0'.length)),
    query: url.searchParams,
    headers: new Headers(),
    body: undefined,
    origin: url.origin,
  };
}

function filterError(text: string): string {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error.message;
    throw error;
  }
  throw new Error(`'${text}' parsed`);
}

const USER_PROPERTIES = [
  { name: 'displayName', type: 'Edm.String' },
  { name: 'accountEnabled', type: 'Edm.Boolean' },
  { name: 'createdDateTime', type: 'Edm.DateTimeOffset' },
  { name: 'proxyAddresses', type: 'Collection(Edm.String)' },
  { name: 'jobTitle', type: 'Edm.String' },
];

function bound(text: string): FilterNode {
  return bindFilter(parseFilter(text), {
    property: (name) => USER_PROPERTIES.find((p) => p.name.toLowerCase() === name.toLowerCase()),
    typeName: 'microsoft.graph.user',
  });
}

describe('$filter parser', () => {
  it('binds and tighter than or, and not tighter than and', () => {
    expect(parseFilter("a eq 'x' or b eq 'y' and not c eq 'z'")).toEqual({
      kind: 'or',
      left: {
        kind: 'compare',
        operator: 'eq',
        left: { kind: 'property', path: ['a'], position: 0 },
        right: { kind: 'literal', literal: { kind: 'string', value: 'x' }, position: 5 },
        position: 2,
      },
      right: {
        kind: 'and',
        left: {
          kind: 'compare',
          operator: 'eq',
          left: { kind: 'property', path: ['b'], position: 12 },
          right: { kind: 'literal', literal: { kind: 'string', value: 'y' }, position: 17 },
          position: 14,
        },
        right: {
          kind: 'not',
          position: 25,
          operand: {
            kind: 'compare',
            operator: 'eq',
            left: { kind: 'property', path: ['c'], position: 29 },
            right: { kind: 'literal', literal: { kind: 'string', value: 'z' }, position: 34 },
            position: 31,
          },
        },
      },
    });
  });

  it("reads '' inside a literal as one quote, and GUID, date, boolean and null literals", () => {
    const node = parseFilter(
      "displayName in ('O''Neil', 'x') or id eq 8a1b2c3d-0000-4000-8000-00000000abcd or createdDateTime ge 2021-11-01T00:00:00Z or accountEnabled eq TRUE or mail eq null",
    );
    const literals: unknown[] = [];
    const collect = (n: FilterNode): void => {
      if (n.kind === 'or' || n.kind === 'and') {
        collect(n.left);
        collect(n.right);
      } else if (n.kind === 'in') literals.push(...n.values);
      else if (n.kind === 'compare' && n.right.kind === 'literal') literals.push(n.right.literal);
    };
    collect(node);
    expect(literals).toEqual([
      { kind: 'string', value: "O'Neil" },
      { kind: 'string', value: 'x' },
      { kind: 'guid', value: '8a1b2c3d-0000-4000-8000-00000000abcd' },
      { kind: 'dateTime', value: '2021-11-01T00:00:00Z' },
      { kind: 'boolean', value: true },
      { kind: 'null' },
    ]);
  });

  it('accepts keywords and function names in any case, and parentheses', () => {
    expect(() =>
      parseFilter("(startsWith(displayName,'a') OR StartsWith(mail,'b')) AND NOT endswith(mail,'c')"),
    ).not.toThrow();
  });

  it('parses any() lambdas over a collection', () => {
    expect(parseFilter("groupTypes/any(c:c eq 'Unified')")).toEqual({
      kind: 'lambda',
      quantifier: 'any',
      collection: ['groupTypes'],
      variable: 'c',
      position: 14,
      predicate: {
        kind: 'compare',
        operator: 'eq',
        left: { kind: 'property', path: ['c'], position: 17 },
        right: { kind: 'literal', literal: { kind: 'string', value: 'Unified' }, position: 22 },
        position: 19,
      },
    });
  });

  it('reports a missing operand with the position Graph names', () => {
    expect(filterError('displayName eq')).toBe(
      "Invalid filter clause: Syntax error at position 14 in 'displayName eq'.",
    );
  });

  it('reports a character it cannot read', () => {
    expect(filterError('startswith(displayName,%27a%27)')).toBe(
      "Invalid filter clause: Syntax error: character '%' is not valid at position 23 in 'startswith(displayName,%27a%27)'.",
    );
  });

  it('reports an unterminated string literal', () => {
    expect(filterError("displayName eq 'abc")).toBe(
      "Invalid filter clause: There is an unterminated string literal at position 15 in 'displayName eq 'abc'.",
    );
  });

  it('reports an unknown function', () => {
    expect(filterError("substringof('a',displayName)")).toBe(
      "Invalid filter clause: An unknown function with name 'substringof' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.",
    );
  });

  it('rejects trailing tokens', () => {
    expect(filterError("displayName eq 'a' 'b'")).toBe(
      "Invalid filter clause: Syntax error at position 19 in 'displayName eq 'a' 'b''.",
    );
  });
});

describe('$filter binding', () => {
  it('resolves property names case-insensitively to their canonical spelling', () => {
    expect(bound("DISPLAYNAME eq 'x'")).toMatchObject({ left: { path: ['displayName'] } });
  });

  it('names a property the type does not have', () => {
    expect(() => bound("foo eq 'x'")).toThrow(
      "Invalid filter clause: Could not find a property named 'foo' on type 'microsoft.graph.user'.",
    );
  });

  it("refuses a literal of the wrong type, as in accountEnabled eq 'true'", () => {
    expect(() => bound("accountEnabled eq 'true'")).toThrow(
      "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'.",
    );
  });

  it('refuses startsWith on a non-string property', () => {
    expect(() => bound("startsWith(accountEnabled,'t')")).toThrow(
      /No function signature for the function with name 'startswith'/,
    );
  });

  it('types a lambda variable as the collection element', () => {
    expect(() => bound("proxyAddresses/any(p:startsWith(p,'SMTP:'))")).not.toThrow();
    expect(() => bound("jobTitle/any(p:p eq 'x')")).toThrow(
      "Invalid filter clause: The parent value for a lambda expression must be a collection; 'jobTitle' is not.",
    );
  });
});

describe('$filter evaluation', () => {
  const adele = {
    displayName: 'Adele Vance',
    accountEnabled: true,
    createdDateTime: '2021-06-01T10:00:00Z',
    proxyAddresses: ['SMTP:adele@contoso.com', 'smtp:av@contoso.onmicrosoft.com'],
    jobTitle: null,
  };
  const matches = (text: string) => evaluateFilter(bound(text), adele);

  it('compares strings without regard to case', () => {
    expect(matches("displayName eq 'adele vance'")).toBe(true);
    expect(matches("startsWith(displayName,'ADE')")).toBe(true);
    expect(matches("endsWith(displayName,'vance')")).toBe(true);
    expect(matches("displayName eq 'Adele'")).toBe(false);
  });

  it('evaluates in, not, ne and null comparisons', () => {
    expect(matches("displayName in ('x', 'Adele Vance')")).toBe(true);
    expect(matches("not(displayName eq 'Adele Vance')")).toBe(false);
    expect(matches("displayName ne 'x'")).toBe(true);
    expect(matches('jobTitle eq null')).toBe(true);
    expect(matches('jobTitle ne null')).toBe(false);
    expect(matches("jobTitle eq 'x'")).toBe(false);
  });

  it('compares date-times as instants', () => {
    expect(matches('createdDateTime ge 2021-01-01T00:00:00Z and createdDateTime lt 2021-06-02')).toBe(true);
    expect(matches('createdDateTime gt 2021-06-01T10:00:00Z')).toBe(false);
  });

  it('evaluates any() over each element', () => {
    expect(matches("proxyAddresses/any(p:startsWith(p,'smtp:av'))")).toBe(true);
    expect(matches("proxyAddresses/any(p:p eq 'smtp:nobody@contoso.com')")).toBe(false);
    expect(matches('accountEnabled eq true and accountEnabled ne false')).toBe(true);
  });
});

describe('$search', () => {
  it('parses quoted clauses joined by AND and OR, AND binding tighter', () => {
    expect(parseSearch('"displayName:a" OR "mail:b" AND "displayName:c"')).toEqual({
      kind: 'or',
      left: { kind: 'clause', property: 'displayName', text: 'a' },
      right: {
        kind: 'and',
        left: { kind: 'clause', property: 'mail', text: 'b' },
        right: { kind: 'clause', property: 'displayName', text: 'c' },
      },
    });
  });

  it('unescapes \\" and \\\\ inside a clause', () => {
    expect(parseSearch('"displayName:say \\"hi\\" \\\\o/"')).toEqual({
      kind: 'clause',
      property: 'displayName',
      text: 'say "hi" \\o/',
    });
  });

  it('refuses unquoted text, a clause without a property and a lower-case operator', () => {
    expect(() => parseSearch('displayName:a')).toThrow(SearchSyntaxError);
    expect(() => parseSearch('"adele"')).toThrow(
      'The clause "adele" in $search must name a property, as in "displayName:adele".',
    );
    expect(() => parseSearch('"displayName:a" and "displayName:b"')).toThrow(SearchSyntaxError);
    expect(() => parseSearch('"displayName:a')).toThrow(
      "Unterminated quoted clause at position 0 in $search '\"displayName:a'.",
    );
  });

  it('splits text on spaces, case changes, digits and symbols', () => {
    expect(searchTokens('ProjectPhoenix-2024 team_HTMLParser')).toEqual([
      'project',
      'phoenix',
      '2024',
      'team',
      'html',
      'parser',
    ]);
  });

  it('matches displayName by token prefixes in any order, other properties by prefix', () => {
    const value = (p: string) => ({ displayName: 'Adele Vance', mail: 'adele.vance@contoso.com' })[p];
    expect(matchesSearch(parseSearch('"displayName:van ade"'), value)).toBe(true);
    expect(matchesSearch(parseSearch('"displayName:ance"'), value)).toBe(false);
    expect(matchesSearch(parseSearch('"mail:adele.v"'), value)).toBe(true);
    expect(matchesSearch(parseSearch('"mail:vance"'), value)).toBe(false);
  });
});

describe('paging', () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ id: `item-${i}` }));
  const page = (pathAndQuery: string) =>
    collectionPage(callFor(pathAndQuery), items, { defaultPageSize: 10, maxPageSize: 999, contextPath: 'users' });

  it('pages with an opaque $skiptoken and a nextLink repeating the query options', () => {
    const first = page("/users?$select=id&$filter=startswith(displayName,'a b')");
    const body = first.body as Record<string, unknown>;
    expect(body['@odata.context']).toBe('http://127.0.0.1:4001/v1.0/$metadata#users');
    expect((body.value as unknown[]).length).toBe(10);
    const next = new URL(body['@odata.nextLink'] as string);
    expect(`${next.origin}${next.pathname}`).toBe('http://127.0.0.1:4001/v1.0/users');
    expect([...next.searchParams.keys()]).toEqual(['$select', '$filter', '$skiptoken']);
    expect(next.searchParams.get('$filter')).toBe("startswith(displayName,'a b')");
    expect(next.searchParams.get('$skiptoken')).not.toMatch(/^\d+$/);
  });

  it('binds a skiptoken to its signature: the same signature gets the same token, another one is refused', () => {
    const token = encodeSkipToken("GET v1.0 /users?$filter=a eq 'b'", 10);
    expect(encodeSkipToken("GET v1.0 /users?$filter=a eq 'b'", 10)).toBe(token);
    expect(decodeSkipToken("GET v1.0 /users?$filter=a eq 'b'", token)).toBe(10);
    expect(decodeSkipToken("GET v1.0 /users?$filter=a eq 'c'", token)).toBeNull();
    const forged = token.slice(0, 2) + (token[2] === 'A' ? 'B' : 'A') + token.slice(3);
    expect(decodeSkipToken("GET v1.0 /users?$filter=a eq 'b'", forged)).toBeNull();
  });

  /** The `$skiptoken` of the nextLink of `pathAndQuery`'s first page. */
  const skipTokenOf = (pathAndQuery: string) =>
    new URL((page(pathAndQuery).body as Record<string, string>)['@odata.nextLink'] as string).searchParams.get(
      '$skiptoken',
    ) as string;

  it('honours a skiptoken with another $select or $top: they do not move the position', () => {
    const token = skipTokenOf("/users?$select=id&$filter=startswith(id,'item')&$top=5");

    const reused = page(`/users?$select=id,displayName&$filter=startswith(id,'item')&$top=7&$skiptoken=${token}`);

    expect(reused.status).toBe(200);
    expect(((reused.body as Record<string, unknown>).value as Array<{ id: string }>).map((item) => item.id)).toEqual(
      items.slice(5, 12).map((item) => item.id),
    );
  });

  it.each([
    ['another $filter', "/users?$select=id&$filter=startswith(id,'it')&$top=5"],
    ['no $filter', '/users?$select=id&$top=5'],
    ['a $search', `/users?$select=id&$filter=startswith(id,'item')&$search="displayName:a"&$top=5`],
    ['an $orderby', "/users?$select=id&$filter=startswith(id,'item')&$orderby=displayName&$top=5"],
    ['$count=true', "/users?$select=id&$filter=startswith(id,'item')&$count=true&$top=5"],
    ['another path', "/groups?$select=id&$filter=startswith(id,'item')&$top=5"],
  ])('refuses a skiptoken with %s: Invalid Skip Token', (_change, pathAndQuery) => {
    const token = skipTokenOf("/users?$select=id&$filter=startswith(id,'item')&$top=5");

    const reused = page(`${pathAndQuery}&$skiptoken=${token}`);

    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ error: { code: 'Request_BadRequest', message: 'Invalid Skip Token' } });
  });

  it('shows @odata.count on the first page only', () => {
    const options = { defaultPageSize: 10, maxPageSize: 999, contextPath: 'users', count: 25 };
    const first = collectionPage(callFor('/users'), items, options).body as Record<string, unknown>;
    expect(first['@odata.count']).toBe(25);
    const second = collectionPage(
      callFor(new URL(first['@odata.nextLink'] as string).href.split('/v1.0')[1] as string),
      items,
      options,
    ).body as Record<string, unknown>;
    expect(second['@odata.count']).toBeUndefined();
    expect((second.value as Array<{ id: string }>)[0]?.id).toBe('item-10');
  });

  it('pages by $skip for Outlook-backed APIs', () => {
    const call = callFor('/users/x/todo/lists?$top=10&$skip=10');
    const body = collectionPage(call, items, {
      defaultPageSize: 10,
      maxPageSize: 999,
      contextPath: 'lists',
      pageBy: 'skip',
    }).body as Record<string, unknown>;
    expect((body.value as Array<{ id: string }>).map((i) => i.id)).toEqual(items.slice(10, 20).map((i) => i.id));
    expect(body['@odata.nextLink']).toBe('http://127.0.0.1:4001/v1.0/users/x/todo/lists?$top=10&$skip=20');
  });

  it("answers Graph's 400 for a $top outside 1..max", () => {
    expect(parseTop(callFor('/users?$top=1000'), 999)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'Request_UnsupportedQuery',
          message: "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
        },
      },
    });
    expect(parseTop(callFor('/users?$top=0'), 999)).toMatchObject({ status: 400 });
    expect(parseTop(callFor('/users?$top=abc'), 999)).toMatchObject({
      status: 400,
      body: { error: { code: 'BadRequest' } },
    });
    expect(parseTop(callFor('/users?$top=999'), 999)).toBe(999);
  });

  it('keeps # in a guest UPN encoded in the nextLink path', () => {
    const call = callFor('/users/jo_fabrikam.com%23EXT%23@contoso.onmicrosoft.com/memberOf');
    expect(nextLink(call, '$skiptoken', 'abc')).toBe(
      'http://127.0.0.1:4001/v1.0/users/jo_fabrikam.com%23EXT%23@contoso.onmicrosoft.com/memberOf?$skiptoken=abc',
    );
  });
});

describe('project', () => {
  const record = { id: '1', displayName: 'A', mail: 'a@x', jobTitle: null };

  it('returns the defaults without $select', () => {
    expect(project(record, null, ['displayName', 'mail', 'id'])).toEqual({ displayName: 'A', mail: 'a@x', id: '1' });
  });

  it('returns the selected properties in canonical case plus id, ignoring unknown names', () => {
    expect(project(record, ['MAIL', 'nonsense', 'jobTitle'], ['displayName'])).toEqual({
      mail: 'a@x',
      jobTitle: null,
      id: '1',
    });
  });

  it('shows a known property the record lacks as null', () => {
    expect(project(record, ['officeLocation'], [], ['officeLocation'])).toEqual({ officeLocation: null, id: '1' });
  });
});

describe('limits', () => {
  it('refuses an absurdly long $filter or $search with a clear message instead of exhausting the stack', () => {
    const deep = `${'not('.repeat(1500)}displayName eq 'x'${')'.repeat(1500)}`;
    expect(() => parseFilter(deep)).toThrow(
      /^Invalid filter clause: The expression has \d+ tokens; the emulator reads at most 2000\.$/,
    );
    const nested = `${'('.repeat(600)}"displayName:a"${')'.repeat(600)}`;
    expect(() => parseSearch(nested)).toThrow(
      'The $search expression has 1201 parts; the emulator reads at most 1000.',
    );
  });
});
