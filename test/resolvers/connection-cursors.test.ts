import { decodeCursor, encodeCursor, loadConnection } from '../../src/resolvers/paging';

const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('loadConnection edges and cursors', () => {
  it('gives each edge the cursor of its position on the page it was read from', async () => {
    const connection = await loadConnection({ first: 3 }, 25, async () => ({ items, endCursor: 'next-page' }));
    expect(connection.edges).toEqual([
      { cursor: encodeCursor({ pageCursor: null, skip: 1 }), node: { id: 'a' } },
      { cursor: encodeCursor({ pageCursor: null, skip: 2 }), node: { id: 'b' } },
      { cursor: encodeCursor({ pageCursor: null, skip: 3 }), node: { id: 'c' } },
    ]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor({ pageCursor: 'next-page', skip: 0 }) });
  });

  it('ends a partly consumed page at the last edge, also when the edges are never read', async () => {
    const connection = await loadConnection({ first: 2, after: encodeCursor({ pageCursor: 'p2', skip: 0 }) }, 25, async () => ({ items, endCursor: null }));
    expect(connection.nodes).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(decodeCursor(connection.pageInfo.endCursor as string)).toEqual({ pageCursor: 'p2', skip: 2 });
    expect(connection.pageInfo.endCursor).toBe(connection.edges[1]?.cursor);
  });

  it('builds the edges once, however often they are read', async () => {
    const connection = await loadConnection({ first: 1 }, 25, async () => ({ items: [{ id: 'a' }], endCursor: null }));
    expect(connection.edges).toBe(connection.edges);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
