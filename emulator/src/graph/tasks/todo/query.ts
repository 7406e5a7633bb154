/**
 * OData options on To Do collections. To Do is Outlook-backed: it pages with `$skip` (a
 * nextLink such as `.../tasks?$skip=10`), not with a `$skiptoken`, and its task pages hold 10
 * items unless `$top` says otherwise. Lists come back whole unless `$top` is given
 * (microsoft-graph-docs-contrib#595).
 */
import { collectionPage } from '../../../http/odata';
import { selectedWithEtag } from '../select';
import type { GraphCall, GraphReply } from '../../../http/types';
import type { TodoTaskRecord } from '../../../tenant/model';
import { todoBadRequest } from './errors';
import { FilterError, parseTaskFilter } from './filter';

/** Exchange's largest page. */
const MAX_TOP = 1000;

/** One page of already filtered and sorted items; `defaultPageSize` null answers everything unless `$top` is sent. */
export function todoPage(
  call: GraphCall,
  rendered: readonly Record<string, unknown>[],
  contextPath: string,
  defaultPageSize: number | null,
): GraphReply {
  return collectionPage(call, rendered, {
    defaultPageSize: defaultPageSize ?? Number.MAX_SAFE_INTEGER,
    maxPageSize: MAX_TOP,
    contextPath,
    pageBy: 'skip',
    render: (item) => selectedWithEtag(call, item),
  });
}

const SORTABLE: Record<string, (task: TodoTaskRecord) => string | number> = {
  title: (task) => (task.title ?? '').toLowerCase(),
  status: (task) => task.status ?? '',
  importance: (task) => ['low', 'normal', 'high'].indexOf(task.importance ?? 'normal'),
  createdDateTime: (task) => task.createdDateTime ?? '',
  lastModifiedDateTime: (task) => task.lastModifiedDateTime ?? '',
  'dueDateTime/dateTime': (task) => task.dueDateTime?.dateTime ?? '',
  'completedDateTime/dateTime': (task) => task.completedDateTime?.dateTime ?? '',
};

/** The tasks the call's `$filter` keeps, in its `$orderby` order; a GraphReply when To Do refuses either. */
export function queryTasks(call: GraphCall, tasks: readonly TodoTaskRecord[]): TodoTaskRecord[] | GraphReply {
  let result = [...tasks];
  const filter = call.query.get('$filter');
  if (filter !== null && filter.trim() !== '') {
    try {
      result = result.filter(parseTaskFilter(filter));
    } catch (error) {
      if (error instanceof FilterError) return todoBadRequest(`Invalid filter clause: ${error.message}.`);
      throw error;
    }
  }
  const orderBy = call.query.get('$orderby');
  if (orderBy !== null && orderBy.trim() !== '') {
    const keys: { key: (task: TodoTaskRecord) => string | number; descending: boolean }[] = [];
    for (const clause of orderBy.split(',')) {
      const [name = '', direction = 'asc', ...rest] = clause.trim().split(/\s+/);
      const key = SORTABLE[name];
      if (!key || rest.length > 0 || !/^(asc|desc)$/i.test(direction))
        return todoBadRequest(`The $orderby clause '${clause.trim()}' is not supported.`);
      keys.push({ key, descending: direction.toLowerCase() === 'desc' });
    }
    result.sort((a, b) => {
      for (const { key, descending } of keys) {
        const x = key(a);
        const y = key(b);
        if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
      }
      return 0;
    });
  }
  return result;
}
