/**
 * Planner through the client: reads join the operation's wave and its by-id cache (tasks,
 * plans and buckets listed anywhere prime their by-id reads); writes go out alone with
 * `If-Match`, and a refused etag comes back as a `PlannerConflictError` carrying the current one.
 */
import type {
  GraphClient,
  GraphPlannerBucket,
  GraphPlannerPlan,
  GraphPlannerTask,
  GraphPlannerTaskDetails,
  ListOptions,
  Page,
} from './client';
import { typedAs, type EntityRead, type GraphEntity, type Identified } from './entity-cache';
import { GraphInputError, type GraphApiError } from './errors';
import { assertNoControlCharacters, entityPath, queryString } from './odata';
import { PlannerConflictError } from './planner-conflict';
import { entityOf, errorFromAnswer, isRecord, type GraphAnswer } from './response';
import { collection, expectStatus, WHOLE_SMALL_COLLECTION, type TaskApiDeps } from './task-api';

export type PlannerApi = Pick<
  GraphClient,
  | 'getPlannerPlan'
  | 'getPlannerBucket'
  | 'getPlannerTask'
  | 'getPlannerTaskDetails'
  | 'listGroupPlannerPlans'
  | 'listPlannerBuckets'
  | 'listPlannerPlanTasks'
  | 'listPlannerBucketTasks'
  | 'listUserPlannerTasks'
  | 'createPlannerTask'
  | 'updatePlannerTask'
  | 'deletePlannerTask'
>;

/** What each Planner entity set holds. */
interface PlannerSets {
  plans: GraphPlannerPlan;
  buckets: GraphPlannerBucket;
  tasks: GraphPlannerTask;
}

type PlannerSet = keyof PlannerSets;

export function plannerPath(set: PlannerSet, id: string, argument = 'id'): string {
  return `/planner${entityPath(set, id, argument)}`;
}

const taskPath = (id: string) => plannerPath('tasks', id);

const PLAN: EntityRead<GraphPlannerPlan> = { notFound: 'null', kind: null };
const BUCKET: EntityRead<GraphPlannerBucket> = { notFound: 'null', kind: null };
const TASK: EntityRead<GraphPlannerTask> = { notFound: 'null', kind: null };
const TASK_DETAILS: EntityRead<GraphPlannerTaskDetails> = { notFound: 'null', kind: null };

/** Planner compares etags ordinally; anything that cannot be a header value is refused here. */
function checkEtag(etag: string): string {
  assertNoControlCharacters('etag', etag);
  if (etag.trim() === '')
    throw new GraphInputError('etag', 'etag must not be empty: pass the etag the task was read with.');
  return etag;
}

const CONFLICT_STATUSES = new Set([409, 412]);

export function createPlannerApi(deps: TaskApiDeps): PlannerApi {
  const { writer } = deps;

  async function readEntity<T extends Identified>(
    path: string,
    select: readonly string[],
    read: EntityRead<T>,
  ): Promise<T | null> {
    return deps.reads().entities.read(path, select, read);
  }

  async function readTasks(
    path: string,
    options: Pick<ListOptions, 'select' | 'page'>,
  ): Promise<Page<GraphPlannerTask>> {
    return deps.reads().lists.read(collection<GraphPlannerTask>(path, taskPath), options);
  }

  async function readWhole<S extends PlannerSet>(
    path: string,
    select: readonly string[],
    primeAs: S,
  ): Promise<Array<PlannerSets[S]>> {
    const itemPath = (id: string) => plannerPath(primeAs, id);
    const page = await deps
      .reads()
      .lists.read(collection<PlannerSets[S]>(path, itemPath), { select, page: WHOLE_SMALL_COLLECTION });
    return page.items;
  }

  /** The task's etag as Graph holds it now, read outside the caches; null when that read fails. */
  async function currentEtagOf(taskId: string): Promise<string | null> {
    try {
      const answer = await deps.http.get(`${plannerPath('tasks', taskId)}${queryString([['$select', 'id']])}`, {});
      if (answer.status !== 200) return null;
      const etag = (isRecord(answer.body) ? answer.body['@odata.etag'] : undefined) ?? answer.headers.etag;
      return typeof etag === 'string' ? etag : null;
    } catch {
      return null;
    }
  }

  async function refusal(answer: GraphAnswer, taskId: string): Promise<GraphApiError> {
    const error = errorFromAnswer(answer);
    if (!CONFLICT_STATUSES.has(answer.status)) return error;
    return new PlannerConflictError(error, await currentEtagOf(taskId));
  }

  /** The task as a write returned it (every property) is what later reads of it get. */
  function remember(task: GraphEntity): void {
    deps.reads().entities.prime(plannerPath('tasks', task.id), Object.keys(task), task);
  }

  return {
    getPlannerPlan: async (id, select) => readEntity(plannerPath('plans', id), select, PLAN),
    getPlannerBucket: async (id, select) => readEntity(plannerPath('buckets', id), select, BUCKET),
    getPlannerTask: async (id, select) => readEntity(plannerPath('tasks', id), select, TASK),
    getPlannerTaskDetails: async (taskId, select) =>
      readEntity(`${plannerPath('tasks', taskId, 'taskId')}/details`, select, TASK_DETAILS),

    listGroupPlannerPlans: async (groupId, select) =>
      readWhole(`${entityPath('groups', groupId, 'groupId')}/planner/plans`, select, 'plans'),
    listPlannerBuckets: async (planId, select) =>
      readWhole(`${plannerPath('plans', planId, 'planId')}/buckets`, select, 'buckets'),
    listPlannerPlanTasks: async (planId, options) =>
      readTasks(`${plannerPath('plans', planId, 'planId')}/tasks`, options),
    listPlannerBucketTasks: async (bucketId, options) =>
      readTasks(`${plannerPath('buckets', bucketId, 'bucketId')}/tasks`, options),
    listUserPlannerTasks: async (owner, options) => readTasks(`${deps.owners.pathOf(owner)}/planner/tasks`, options),

    async createPlannerTask(task) {
      const answer = await writer.send({ method: 'POST', path: '/planner/tasks', body: task });
      expectStatus(answer, 201, 200);
      deps.afterWrite();
      const created = entityOf(answer, 'POST /planner/tasks');
      remember(created);
      return typedAs(TASK, created);
    },

    async updatePlannerTask(id, etag, changes) {
      const path = plannerPath('tasks', id);
      const answer = await writer.send({
        method: 'PATCH',
        path,
        headers: { 'if-match': checkEtag(etag), prefer: 'return=representation' },
        body: changes,
      });
      if (answer.status !== 200 && answer.status !== 204) throw await refusal(answer, id);
      deps.afterWrite();
      // A 204 means Graph did not honour `Prefer: return=representation`: read the new version once.
      const representation = answer.status === 200 ? answer : await deps.http.get(path, {});
      expectStatus(representation, 200);
      const updated = entityOf(representation, `PATCH ${path}`);
      remember(updated);
      return typedAs(TASK, updated);
    },

    async deletePlannerTask(id, etag) {
      const answer = await writer.send({
        method: 'DELETE',
        path: plannerPath('tasks', id),
        headers: { 'if-match': checkEtag(etag) },
      });
      if (answer.status !== 204 && answer.status !== 200) throw await refusal(answer, id);
      deps.afterWrite();
    },
  };
}
