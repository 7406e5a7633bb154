import type { Page } from '../../src/graph/client';
import { loadConnection, type Connection } from '../../src/resolvers/paging';

const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

/** A client page whose cursors name their position, as the client's sealed ones stand for theirs. */
function pageOf(endCursor: string | null): Page<{ id: string }> {
  return { items, hasNextPage: endCursor !== null, endCursor, cursorAfter: (index) => `after-${items[index]?.id}` };
}

/** pageInfo's four fields as GraphQL reads them: by name (its cursors are getters, sealed when read). */
function pageInfoOf({ pageInfo }: Connection<unknown>) {
  const { hasNextPage, hasPreviousPage, startCursor, endCursor } = pageInfo;
  return { hasNextPage, hasPreviousPage, startCursor, endCursor };
}

describe('loadConnection edges and cursors', () => {
  it("gives each edge the client's cursor for the position after it, and the first edge's and the page's end cursor to pageInfo", async () => {
    const connection = await loadConnection({ first: 3 }, 25, async () => pageOf('next-page'));
    expect(connection.edges).toEqual([
      { cursor: 'after-a', node: { id: 'a' } },
      { cursor: 'after-b', node: { id: 'b' } },
      { cursor: 'after-c', node: { id: 'c' } },
    ]);
    expect(pageInfoOf(connection)).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: 'after-a',
      endCursor: 'next-page',
    });
  });

  it('asks the client for first and after as given, and ends without a next page when the client has none', async () => {
    const requests: unknown[] = [];
    const connection = await loadConnection({ first: 3, after: 'c1.x.y' }, 25, async (page) => {
      requests.push(page);
      return pageOf(null);
    });
    expect(requests).toEqual([{ first: 3, after: 'c1.x.y' }]);
    expect(connection.nodes).toEqual(items);
    expect(pageInfoOf(connection)).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: 'after-a',
      endCursor: null,
    });
  });

  it('has no start cursor on an empty page', async () => {
    const connection = await loadConnection({ first: 3 }, 25, async () => ({
      items: [],
      hasNextPage: false,
      endCursor: null,
      cursorAfter: () => {
        throw new RangeError('no item');
      },
    }));
    expect(pageInfoOf(connection)).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('builds the edges once, however often they are read', async () => {
    const connection = await loadConnection({ first: 1 }, 25, async () => ({
      items: [{ id: 'a' }],
      hasNextPage: false,
      endCursor: null,
      cursorAfter: () => 'x',
    }));
    expect(connection.edges).toBe(connection.edges);
    expect(pageInfoOf(connection)).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: 'x',
      endCursor: null,
    });
  });

  it("reads the page's end cursor only when pageInfo.endCursor is selected", async () => {
    let endCursorReads = 0;
    const connection = await loadConnection({ first: 3 }, 25, async () => ({
      items,
      hasNextPage: true,
      get endCursor() {
        endCursorReads += 1;
        return 'next-page';
      },
      cursorAfter: (index) => `after-${items[index]?.id}`,
    }));
    expect(connection.nodes).toEqual(items);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(endCursorReads).toBe(0);
    expect(connection.pageInfo.endCursor).toBe('next-page');
    expect(endCursorReads).toBe(1);
  });
});
