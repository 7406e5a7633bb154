import { GraphInputError } from '../../src/graph/errors';
import {
  and,
  encodeQueryValue,
  entityPath,
  filterFor,
  needsAdvancedQuery,
  not,
  or,
  queryString,
  searchAll,
  searchFor,
  stringLiteral,
} from '../../src/graph/odata';
import { createTestEmulator, type Emulator } from '@msgraph-graphql/emulator/testing';
import { clientFor, received, resetTraffic, traffic } from '../kit/graph-client';

const userFilter = filterFor(['displayName', 'department', 'accountEnabled', 'id', 'groupTypes']);

function inputError(run: () => unknown): GraphInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphInputError) return error;
    throw error;
  }
  throw new Error('expected a GraphInputError');
}

describe('filter builders', () => {
  it("doubles single quotes inside string literals: O'Brien → 'O''Brien'", () => {
    expect(stringLiteral("O'Brien")).toBe("'O''Brien'");
    expect(userFilter.eq('displayName', "it's")).toBe("displayName eq 'it''s'");
  });

  it('keeps an injection attempt inside one literal', () => {
    expect(userFilter.eq('displayName', "x' or 1 eq 1 or displayName eq '")).toBe(
      "displayName eq 'x'' or 1 eq 1 or displayName eq '''",
    );
    expect(userFilter.startsWith('displayName', "a') or startsWith(displayName,'")).toBe(
      "startsWith(displayName,'a'') or startsWith(displayName,''')",
    );
  });

  it('writes numbers, booleans and null as OData literals', () => {
    expect(userFilter.eq('accountEnabled', false)).toBe('accountEnabled eq false');
    expect(userFilter.eq('department', null)).toBe('department eq null');
    expect(userFilter.in('id', ['a', "b'c"])).toBe("id in ('a','b''c')");
    expect(userFilter.anyEq('groupTypes', 'Unified')).toBe("groupTypes/any(x:x eq 'Unified')");
  });

  it('combines expressions with parentheses', () => {
    const combined = and(
      userFilter.eq('department', 'Sales'),
      or(userFilter.eq('accountEnabled', true), not(userFilter.eq('id', 'x'))),
    );
    expect(combined).toBe("(department eq 'Sales') and ((accountEnabled eq true) or (not(id eq 'x')))");
  });

  it('refuses a property that is not on the allow-list', () => {
    const error = inputError(() => userFilter.eq('passwordProfile' as 'id', 'x'));
    expect(error.argument).toBe('filter');
    expect(error.message).toContain("'passwordProfile' cannot be used in filter");
  });

  it('refuses CR, LF and other control characters in values', () => {
    expect(inputError(() => userFilter.eq('displayName', 'a\r\nb')).argument).toBe('filter');
    expect(inputError(() => userFilter.startsWith('displayName', 'a\u0000')).argument).toBe('filter');
  });

  it('refuses an empty or oversized in list and non-finite numbers', () => {
    expect(inputError(() => userFilter.in('id', [])).message).toContain('at least one value');
    expect(
      inputError(() =>
        userFilter.in(
          'id',
          Array.from({ length: 16 }, (_, i) => String(i)),
        ),
      ).message,
    ).toContain('at most 15');
    expect(inputError(() => userFilter.eq('department', Number.NaN)).message).toContain('finite');
  });

  it('recognises operators that need advanced queries, ignoring text inside literals', () => {
    expect(needsAdvancedQuery(userFilter.ne('department', 'x'))).toBe(true);
    expect(needsAdvancedQuery(not(userFilter.eq('department', 'x')))).toBe(true);
    expect(needsAdvancedQuery(userFilter.endsWith('displayName', 'x'))).toBe(true);
    expect(needsAdvancedQuery(userFilter.eq('displayName', 'a ne b not(x) endsWith(y)'))).toBe(false);
  });
});

describe('search builders', () => {
  const search = searchFor(['displayName', 'mail']);

  it('escapes double quotes and backslashes with a backslash', () => {
    expect(search.clause('displayName', 'say "hi" \\o/')).toBe('"displayName:say \\"hi\\" \\\\o/"');
  });

  it('joins clauses with upper-case AND / OR', () => {
    expect(searchAll([search.clause('displayName', 'ada'), search.clause('mail', 'ada@')], 'OR')).toBe(
      '("displayName:ada") OR ("mail:ada@")',
    );
  });

  it('refuses empty text, control characters and unknown properties', () => {
    expect(inputError(() => search.clause('displayName', '  ')).argument).toBe('search');
    expect(inputError(() => search.clause('displayName', 'a\nb')).argument).toBe('search');
    expect(inputError(() => search.clause('jobTitle' as 'mail', 'a')).argument).toBe('search');
  });
});

describe('query option values', () => {
  // The rule: what encodeURIComponent encodes, but for the OData characters , $ : / @.
  const byTheRule = (value: string) =>
    encodeURIComponent(value)
      .replaceAll('%2C', ',')
      .replaceAll('%24', '$')
      .replaceAll('%3A', ':')
      .replaceAll('%2F', '/')
      .replaceAll('%40', '@');

  it('encodes every ASCII character, alone and inside a value, by the rule', () => {
    for (let code = 0; code < 128; code++) {
      const character = String.fromCharCode(code);
      expect(encodeQueryValue(character)).toBe(byTheRule(character));
      expect(encodeQueryValue(`id,display${character}Name`)).toBe(byTheRule(`id,display${character}Name`));
    }
  });

  it('leaves select lists and skip tokens as they are, and encodes what could start another option', () => {
    expect(encodeQueryValue('id,displayName,@odata.type')).toBe('id,displayName,@odata.type');
    expect(encodeQueryValue("startsWith(displayName,'A')")).toBe("startsWith(displayName,'A')");
    expect(encodeQueryValue('a&$top=1 #x+%é')).toBe('a%26$top%3D1%20%23x%2B%25%C3%A9');
  });

  it('joins options in order after one question mark', () => {
    expect(queryString([])).toBe('');
    expect(
      queryString([
        ['$select', 'id,displayName'],
        ['$top', '25'],
      ]),
    ).toBe('?$select=id,displayName&$top=25');
  });
});

describe('path segments', () => {
  it('encodes # as %23 and % as %25 in a key', () => {
    expect(entityPath('users', 'ada_contoso.com#EXT#@fabrikam.onmicrosoft.com')).toBe(
      '/users/ada_contoso.com%23EXT%23@fabrikam.onmicrosoft.com',
    );
    expect(entityPath('users', '50%off')).toBe('/users/50%25off');
  });

  it('keeps query characters inside the segment', () => {
    expect(entityPath('users', 'x?$select=passwordProfile&$top=1')).toBe(
      '/users/x%3F%24select%3DpasswordProfile%26%24top%3D1',
    );
    expect(entityPath('users', "o'neil(1)")).toBe('/users/o%27neil%281%29');
  });

  it("uses key syntax for a userPrincipalName starting with '$'", () => {
    expect(entityPath('users', '$admin@contoso.com')).toBe("/users('$admin@contoso.com')");
    expect(entityPath('users', "$o'neil@contoso.com")).toBe("/users('$o''neil@contoso.com')");
  });

  it.each(['../groups', '..', '.', 'a/b', 'a\\b', 'a\r\nb', 'a\tb', '', '   '])('refuses the key %j', (key) => {
    expect(inputError(() => entityPath('users', key)).argument).toBe('id');
  });
});

describe('what reaches Graph', () => {
  let emulator: Emulator;

  beforeAll(() => {
    emulator = createTestEmulator({ users: 20 });
  });

  beforeEach(() => resetTraffic(emulator));

  // The WHATWG URL parser percent-encodes `'` in a query, so quotes travel as %27.
  it('sends a quote-doubled filter that matches nothing instead of everything', async () => {
    const filter = userFilter.eq('displayName', "x' or 1 eq 1 or displayName eq '");

    const page = await clientFor(emulator).listUsers({ select: ['id'], page: { first: 50 }, filter });

    expect(page.items).toEqual([]);
    expect(received(emulator)).toEqual([
      'GET /v1.0/users?$select=id&$filter=displayName%20eq%20%27x%27%27%20or%201%20eq%201%20or%20displayName%20eq%20%27%27%27&$top=50',
    ]);
  });

  it('encodes & # % + so a value cannot add query options', async () => {
    const filter = userFilter.eq('displayName', 'a&$top=1#%2F+b');

    const page = await clientFor(emulator).listUsers({ select: ['id'], page: { first: 50 }, filter });

    expect(page.items).toEqual([]);
    expect(received(emulator)).toEqual([
      'GET /v1.0/users?$select=id&$filter=displayName%20eq%20%27a%26$top%3D1%23%252F%2Bb%27&$top=50',
    ]);
  });

  it('sends an injected key as one encoded path segment and answers null', async () => {
    const client = clientFor(emulator);

    const users = await Promise.all([
      client.getUser('x?$select=passwordProfile', ['id']),
      client.getUser('a#b%2F', ['id']),
    ]);

    expect(users).toEqual([null, null]);
    expect(received(emulator).filter((line) => !line.startsWith('POST'))).toEqual([
      'GET /users/x%3F%24select%3DpasswordProfile?$select=id',
      'GET /users/a%23b%252F?$select=id',
    ]);
  });

  it('refuses path traversal and CR/LF in keys without calling Graph', async () => {
    const client = clientFor(emulator);

    const outcomes = await Promise.allSettled([
      client.getUser('../groups', ['id']),
      client.getGroup('..', ['id']),
      client.getUser('a\r\nHost: evil', ['id']),
      client.listMemberOf('../../me', { select: ['id'], page: { first: 5 } }),
    ]);

    expect(
      outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof GraphInputError),
    ).toEqual([true, true, true, true]);
    expect(traffic(emulator).httpRequests).toBe(0);
  });

  it('reads a guest by a userPrincipalName holding #EXT#, sent as %23EXT%23', async () => {
    const guest = [...emulator.tenant.users.values()].find((user) => user.userPrincipalName.includes('#EXT#'))!;

    const found = await clientFor(emulator).getUser(guest.userPrincipalName, ['id']);

    expect(found?.id).toBe(guest.id);
    expect(received(emulator)).toEqual([
      `GET /v1.0/users/${guest.userPrincipalName.replaceAll('#', '%23')}?$select=id`,
    ]);
  });

  it("asks for a userPrincipalName starting with '$' through key syntax", async () => {
    const found = await clientFor(emulator).getUser('$nobody@contoso.com', ['id']);

    expect(found).toBeNull();
    expect(received(emulator)).toEqual(["GET /v1.0/users('$nobody@contoso.com')?$select=id"]);
  });
});
