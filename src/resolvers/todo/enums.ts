/** Graph's To Do enum values (`notStarted`, `high`...) and the schema's (`NOT_STARTED`, `HIGH`...), both ways. */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { BodyType, Importance, TaskStatus, WellknownListName } from '../../__generated__/resolvers-types';

const STATUS_TO_GRAPH: Readonly<Record<TaskStatus, Graph.TaskStatus>> = {
  NOT_STARTED: 'notStarted',
  IN_PROGRESS: 'inProgress',
  COMPLETED: 'completed',
  WAITING_ON_OTHERS: 'waitingOnOthers',
  DEFERRED: 'deferred',
};

const IMPORTANCE_TO_GRAPH: Readonly<Record<Importance, Graph.Importance>> = {
  LOW: 'low',
  NORMAL: 'normal',
  HIGH: 'high',
};

const WELLKNOWN_FROM_GRAPH: Readonly<Record<string, WellknownListName>> = {
  none: 'NONE',
  defaultList: 'DEFAULT_LIST',
  flaggedEmails: 'FLAGGED_EMAILS',
};

function invert<K extends string, V extends string>(table: Readonly<Record<K, V>>): ReadonlyMap<string, K> {
  return new Map(Object.entries(table).map(([key, value]) => [value as string, key as K]));
}

const STATUS_FROM_GRAPH = invert(STATUS_TO_GRAPH);
const IMPORTANCE_FROM_GRAPH = invert(IMPORTANCE_TO_GRAPH);

export const statusToGraph = (status: TaskStatus): Graph.TaskStatus => STATUS_TO_GRAPH[status];
export const importanceToGraph = (importance: Importance): Graph.Importance => IMPORTANCE_TO_GRAPH[importance];

/** To Do answers `notStarted` for a task without a status. */
export function statusFromGraph(status: string | null | undefined): TaskStatus {
  return STATUS_FROM_GRAPH.get(status ?? 'notStarted') ?? 'NOT_STARTED';
}

/** Graph's `importance` defaults to `normal`. */
export function importanceFromGraph(importance: string | null | undefined): Importance {
  return IMPORTANCE_FROM_GRAPH.get(importance ?? 'normal') ?? 'NORMAL';
}

/** Values Graph adds later (`unknownFutureValue` and beyond) read as UNKNOWN_FUTURE_VALUE. */
export function wellknownListNameFromGraph(name: string | null | undefined): WellknownListName {
  return WELLKNOWN_FROM_GRAPH[name ?? 'none'] ?? 'UNKNOWN_FUTURE_VALUE';
}

export function bodyTypeFromGraph(contentType: string | null | undefined): BodyType {
  return contentType?.toLowerCase() === 'html' ? 'HTML' : 'TEXT';
}
