/**
 * Resolvers of the naive baseline: the project's schema, each field calling Graph with its own
 * request for its own parent, the way most hand-written GraphQL servers over REST are built.
 * No DataLoader, no `$batch`, no priming of one read by another; a fixed `$select` per type (all
 * of the schema's properties, as a careful hand-written server does). Mutations are not part of
 * the benchmark and answer an error.
 */
import { GraphQLError } from 'graphql';
import { segment } from './graph.mjs';

const USER_PROPERTIES = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
  'officeLocation',
  'mobilePhone',
  'businessPhones',
  'accountEnabled',
];
const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'mail',
  'mailNickname',
  'mailEnabled',
  'securityEnabled',
  'groupTypes',
  'visibility',
  'createdDateTime',
];
const USER_SELECT = `$select=${USER_PROPERTIES.join(',')}`;
const GROUP_SELECT = `$select=${GROUP_PROPERTIES.join(',')}`;
/** Members and owners mix users, groups and other objects: select what any of them needs. */
const DIRECTORY_OBJECT_SELECT = `$select=${[...new Set([...USER_PROPERTIES, ...GROUP_PROPERTIES])].join(',')}`;

/** Cursors wrap Graph's nextLink, so `after` continues exactly where Graph left off. */
function encodeCursor(nextLink) {
  return Buffer.from(nextLink, 'utf8').toString('base64url');
}
function decodeCursor(cursor) {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** One Graph page as a connection (the first `first` items of it). */
function connection(page, first) {
  const items = (page.value ?? []).slice(0, first);
  const nextLink = page['@odata.nextLink'];
  const endCursor = nextLink ? encodeCursor(nextLink) : null;
  return {
    nodes: items,
    edges: items.map((node) => ({ cursor: endCursor ?? '', node })),
    pageInfo: { hasNextPage: Boolean(nextLink) || (page.value ?? []).length > items.length, endCursor },
    totalCount: page['@odata.count'] ?? null,
  };
}

/** Reads a page: `after` (a wrapped nextLink) or the path with `$top`. */
async function readPage(graph, path, { first, after }, query = '') {
  if (after) return graph.get(decodeCursor(after));
  const separator = path.includes('?') ? '&' : '?';
  return graph.get(`${path}${separator}$top=${first}${query ? `&${query}` : ''}`);
}

function userIdOf(parent) {
  return segment(parent.id);
}

/** `{ user: { id } }` identity sets: the user's id, or null when an application acted. */
function identityUserId(identitySet) {
  return identitySet?.user?.id ?? null;
}

function camelFromEnumName(name) {
  return name.toLowerCase().replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
}

/** To Do's `{ dateTime, timeZone }`: the emulator and Graph answer in UTC unless asked otherwise. */
function toUtc(value) {
  if (!value?.dateTime) return null;
  const text = /[zZ]|[+-]\d\d:\d\d$/.test(value.dateTime) ? value.dateTime : `${value.dateTime}Z`;
  return new Date(text).toISOString();
}

function notImplemented() {
  throw new GraphQLError('The naive baseline serves reads only.', { extensions: { code: 'BAD_USER_INPUT' } });
}

export const resolvers = {
  Query: {
    me: (_, __, { graph }) => graph.getOrNull(`/me?${USER_SELECT}`),
    user: (_, { id }, { graph }) => graph.getOrNull(`/users/${segment(id)}?${USER_SELECT}`),
    users: async (_, args, { graph }) => connection(await readPage(graph, '/users', args, USER_SELECT), args.first),
    group: (_, { id }, { graph }) => graph.getOrNull(`/groups/${segment(id)}?${GROUP_SELECT}`),
    groups: async (_, args, { graph }) => connection(await readPage(graph, '/groups', args, GROUP_SELECT), args.first),
    plannerPlan: (_, { id }, { graph }) => graph.getOrNull(`/planner/plans/${segment(id)}`),
    plannerTask: (_, { id }, { graph }) => graph.getOrNull(`/planner/tasks/${segment(id)}`),
  },
  Mutation: {
    createPlannerTask: notImplemented,
    updatePlannerTask: notImplemented,
    deletePlannerTask: notImplemented,
    createOutlookTask: notImplemented,
    updateOutlookTask: notImplemented,
    deleteOutlookTask: notImplemented,
  },
  DirectoryObject: {
    __resolveType: (object) => {
      const type = object['@odata.type'];
      if (type === '#microsoft.graph.user') return 'User';
      if (type === '#microsoft.graph.group') return 'Group';
      return 'OtherDirectoryObject';
    },
  },
  OtherDirectoryObject: {
    odataType: (object) => object['@odata.type'] ?? '#microsoft.graph.directoryObject',
  },
  User: {
    __resolveReference: (reference, { graph }) =>
      graph.getOrNull(`/users/${segment(reference.id ?? reference.userPrincipalName)}?${USER_SELECT}`),
    businessPhones: (user) => user.businessPhones ?? [],
    manager: (user, _, { graph }) => graph.getOrNull(`/users/${userIdOf(user)}/manager?${USER_SELECT}`),
    directReports: async (user, args, { graph }) =>
      connection(
        await readPage(graph, `/users/${userIdOf(user)}/directReports/microsoft.graph.user`, args, USER_SELECT),
        args.first,
      ),
    memberOf: async (user, args, { graph }) =>
      connection(
        await readPage(graph, `/users/${userIdOf(user)}/memberOf/microsoft.graph.group`, args, GROUP_SELECT),
        args.first,
      ),
    transitiveMemberOf: async (user, args, { graph }) =>
      connection(
        await readPage(graph, `/users/${userIdOf(user)}/transitiveMemberOf/microsoft.graph.group`, args, GROUP_SELECT),
        args.first,
      ),
    plannerTasks: async (user, args, { graph }) => {
      const page = args.after
        ? await graph.get(decodeCursor(args.after))
        : await graph.get(`/users/${userIdOf(user)}/planner/tasks`);
      return connection(page, args.first);
    },
    outlookTaskLists: async (user, _, { graph }) => {
      const page = await graph.get(`/users/${userIdOf(user)}/todo/lists`);
      return (page.value ?? []).map((list) => ({ ...list, ownerId: user.id }));
    },
    outlookTasks: async (user, { status, first }, { graph }) => {
      const lists = await graph.get(`/users/${userIdOf(user)}/todo/lists`);
      const filter = status ? `?$filter=${encodeURIComponent(`status eq '${camelFromEnumName(status)}'`)}` : '';
      const pages = await Promise.all(
        (lists.value ?? []).map((list) =>
          graph.get(`/users/${userIdOf(user)}/todo/lists/${segment(list.id)}/tasks${filter}`),
        ),
      );
      return pages
        .flatMap((page, index) =>
          (page.value ?? []).map((task) => ({ ...task, list: { ...lists.value[index], ownerId: user.id } })),
        )
        .slice(0, first);
    },
  },
  Group: {
    __resolveReference: (reference, { graph }) => graph.getOrNull(`/groups/${segment(reference.id)}?${GROUP_SELECT}`),
    groupTypes: (group) => group.groupTypes ?? [],
    members: async (group, args, { graph }) =>
      connection(
        await readPage(graph, `/groups/${segment(group.id)}/members`, args, DIRECTORY_OBJECT_SELECT),
        args.first,
      ),
    owners: async (group, args, { graph }) =>
      connection(
        await readPage(graph, `/groups/${segment(group.id)}/owners`, args, DIRECTORY_OBJECT_SELECT),
        args.first,
      ),
    plannerPlans: async (group, _, { graph }) =>
      (await graph.get(`/groups/${segment(group.id)}/planner/plans`)).value ?? [],
  },
  GroupVisibility: { PUBLIC: 'Public', PRIVATE: 'Private', HIDDEN_MEMBERSHIP: 'Hiddenmembership' },
  PlannerPlan: {
    __resolveReference: (reference, { graph }) => graph.getOrNull(`/planner/plans/${segment(reference.id)}`),
    createdBy: (plan, _, { graph }) => {
      const id = identityUserId(plan.createdBy);
      return id ? graph.getOrNull(`/users/${segment(id)}?${USER_SELECT}`) : null;
    },
    group: (plan, _, { graph }) => {
      const id = plan.container?.type === 'group' ? plan.container.containerId : plan.owner;
      return id ? graph.getOrNull(`/groups/${segment(id)}?${GROUP_SELECT}`) : null;
    },
    buckets: async (plan, _, { graph }) => (await graph.get(`/planner/plans/${segment(plan.id)}/buckets`)).value ?? [],
    tasks: async (plan, args, { graph }) => {
      const page = args.after
        ? await graph.get(decodeCursor(args.after))
        : await graph.get(`/planner/plans/${segment(plan.id)}/tasks`);
      return connection(page, args.first);
    },
  },
  PlannerBucket: {
    plan: (bucket, _, { graph }) => graph.get(`/planner/plans/${segment(bucket.planId)}`),
    tasks: async (bucket, args, { graph }) => {
      const page = args.after
        ? await graph.get(decodeCursor(args.after))
        : await graph.get(`/planner/buckets/${segment(bucket.id)}/tasks`);
      return connection(page, args.first);
    },
  },
  PlannerTask: {
    __resolveReference: (reference, { graph }) => graph.getOrNull(`/planner/tasks/${segment(reference.id)}`),
    etag: (task) => task['@odata.etag'],
    status: (task) =>
      task.percentComplete >= 100 ? 'COMPLETED' : task.percentComplete > 0 ? 'IN_PROGRESS' : 'NOT_STARTED',
    appliedCategories: (task) =>
      Object.entries(task.appliedCategories ?? {})
        .filter(([key, on]) => on === true && key.startsWith('category'))
        .map(([key]) => key),
    plan: (task, _, { graph }) => graph.get(`/planner/plans/${segment(task.planId)}`),
    bucket: (task, _, { graph }) =>
      task.bucketId ? graph.getOrNull(`/planner/buckets/${segment(task.bucketId)}`) : null,
    createdBy: (task, _, { graph }) => {
      const id = identityUserId(task.createdBy);
      return id ? graph.getOrNull(`/users/${segment(id)}?${USER_SELECT}`) : null;
    },
    completedBy: (task, _, { graph }) => {
      const id = identityUserId(task.completedBy);
      return id ? graph.getOrNull(`/users/${segment(id)}?${USER_SELECT}`) : null;
    },
    assignees: async (task, _, { graph }) => {
      const ids = Object.keys(task.assignments ?? {}).filter((key) => !key.startsWith('@'));
      const users = await Promise.all(ids.map((id) => graph.getOrNull(`/users/${segment(id)}?${USER_SELECT}`)));
      return users.filter((user) => user !== null);
    },
    details: (task, _, { graph }) => graph.getOrNull(`/planner/tasks/${segment(task.id)}/details`),
  },
  PlannerTaskDetails: {
    etag: (details) => details['@odata.etag'],
    checklist: (details) =>
      Object.entries(details.checklist ?? {})
        .filter(([key]) => !key.startsWith('@'))
        .map(([id, item]) => ({
          id,
          title: item.title,
          isChecked: Boolean(item.isChecked),
          orderHint: item.orderHint ?? '',
        }))
        .sort((a, b) => (a.orderHint < b.orderHint ? -1 : a.orderHint > b.orderHint ? 1 : 0)),
  },
  OutlookTaskList: {
    tasks: async (list, args, { graph }) => {
      const filter = args.status
        ? `$filter=${encodeURIComponent(`status eq '${camelFromEnumName(args.status)}'`)}`
        : '';
      const page = await readPage(
        graph,
        `/users/${segment(list.ownerId)}/todo/lists/${segment(list.id)}/tasks`,
        args,
        filter,
      );
      const result = connection(page, args.first);
      const withList = result.nodes.map((task) => ({ ...task, list }));
      return {
        ...result,
        nodes: withList,
        edges: result.edges.map((edge, index) => ({ ...edge, node: withList[index] })),
      };
    },
  },
  OutlookTask: {
    reminderDateTime: (task) => toUtc(task.reminderDateTime),
    startDateTime: (task) => toUtc(task.startDateTime),
    dueDateTime: (task) => toUtc(task.dueDateTime),
    completedDateTime: (task) => toUtc(task.completedDateTime),
    categories: (task) => task.categories ?? [],
  },
};

/** Enum values the schema spells in UPPER_SNAKE and Graph in camelCase (To Do's enums). */
export function camelCaseEnumValues(names) {
  return Object.fromEntries(names.map((name) => [name, camelFromEnumName(name)]));
}
