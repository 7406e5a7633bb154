/** Graph's REST answers as the suites read them through `gw.rest(...)` (the fields they compare). */

/** A page of a Graph collection. */
export interface GraphCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

/** Graph's `plannerTask`. */
export interface RestPlannerTask {
  id: string;
  title: string;
  planId: string;
  bucketId: string | null;
  percentComplete: number;
  dueDateTime: string | null;
  completedDateTime: string | null;
  assignments: Record<string, unknown>;
  appliedCategories: Record<string, boolean>;
  '@odata.etag': string;
}

/** Graph's `todoTask`. */
export interface RestTodoTask {
  id: string;
  title: string;
  status: string;
  importance: string;
  categories: string[];
  createdDateTime: string;
  body: { content: string; contentType: string };
  dueDateTime?: { dateTime: string; timeZone: string };
  completedDateTime?: { dateTime: string; timeZone: string };
}
