/**
 * Reads an entity's selected relationships in the same wave as the entity itself, where the key
 * they need is known before the entity is read (`user(id:)`, `me`, `group(id:)`, `plannerPlan(id:)`,
 * `plannerTask(id:)`, federation references). Without this, `user(id:) { manager memberOf }` costs two waves: the
 * user, then its relationships once the user's resolver has returned.
 *
 * A prefetch makes the very client call the child field's resolver will make (same path, same
 * `$select`, same page request and `$count`: both take it from `relationship-reads.ts`), so the resolver later
 * finds the answer in the client's caches.
 * A prefetch is never awaited and its failure is dropped: the resolver that needs the answer gets
 * the same failure itself, and when the entity turns out not to exist (404 → null) no child
 * resolver runs, so the unused reads cost nothing on the response.
 */
import { getArgumentValues, isObjectType, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { SIGNED_IN_USER, type UserRef } from '../graph/client';
import { groupReads, plannerPlanReads, plannerTaskReads, userReads } from './relationship-reads';

/**
 * `args` are the child field's arguments coerced by its definition: what its resolver is given;
 * `fieldNodes` the child's node (`info` is the parent's).
 */
type Prefetch<Key> = (
  key: Key,
  args: Record<string, unknown>,
  context: Context,
  info: GraphQLResolveInfo,
  fieldNodes: readonly FieldNode[],
) => Promise<unknown>;

/** Per child field of `User`: the read its resolver starts with. */
const userChildren: Readonly<Record<string, Prefetch<UserRef>>> = {
  manager: userReads.manager,
  directReports: userReads.directReports.read,
  memberOf: userReads.memberOf.read,
  transitiveMemberOf: userReads.transitiveMemberOf.read,
  plannerTasks: userReads.plannerTasks.read,
  outlookTaskLists: userReads.outlookTaskLists,
  // Its tasks need the lists' ids: only the lists can join the user's wave.
  outlookTasks: userReads.outlookTaskLists,
};

// `plannerPlans` is left out: only Microsoft 365 groups own plans, which the group's own answer tells.
const groupChildren: Readonly<Record<string, Prefetch<string>>> = {
  members: groupReads.members.read,
  owners: groupReads.owners.read,
};

const plannerPlanChildren: Readonly<Record<string, Prefetch<string>>> = {
  buckets: plannerPlanReads.buckets,
  tasks: plannerPlanReads.tasks.read,
};

const plannerTaskChildren: Readonly<Record<string, Prefetch<string>>> = {
  details: plannerTaskReads.details,
};

// Graph's directory ids are GUIDs and come back in lower case. A key of another shape (a
// userPrincipalName) reaches the same user, but the relationship reads of the resolvers will use
// the id Graph answers with, so a prefetch under that key would be read twice.
const DIRECTORY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For `me`: the reads go to `/me/...`, which the client also uses for the signed-in user's id. */
export function prefetchSignedInUserChildren(context: Context, info: GraphQLResolveInfo): void {
  prefetch<UserRef>('User', userChildren, SIGNED_IN_USER, context, info);
}

export function prefetchUserChildren(key: string, context: Context, info: GraphQLResolveInfo): void {
  if (DIRECTORY_ID.test(key)) prefetch<UserRef>('User', userChildren, key.toLowerCase(), context, info);
}

export function prefetchGroupChildren(id: string, context: Context, info: GraphQLResolveInfo): void {
  if (DIRECTORY_ID.test(id)) prefetch('Group', groupChildren, id.toLowerCase(), context, info);
}

/** Planner ids are case-sensitive and come back as sent. */
export function prefetchPlannerPlanChildren(id: string, context: Context, info: GraphQLResolveInfo): void {
  prefetch('PlannerPlan', plannerPlanChildren, id, context, info);
}

export function prefetchPlannerTaskChildren(id: string, context: Context, info: GraphQLResolveInfo): void {
  prefetch('PlannerTask', plannerTaskChildren, id, context, info);
}

const ignore = () => undefined;

function prefetch<Key>(
  typeName: string,
  children: Readonly<Record<string, Prefetch<Key>>>,
  key: Key,
  context: Context,
  info: GraphQLResolveInfo,
): void {
  const type = info.schema.getType(typeName);
  if (!isObjectType(type)) return;
  // The fields selected on the entity when it is a `type` (the operation's analysis collects them).
  for (const node of context.analysis.of(info).fields.of(info.fieldNodes, type)) {
    const start = children[node.name.value];
    const field = type.getFields()[node.name.value];
    if (!start || !field) continue;
    try {
      start(key, getArgumentValues(field, node, info.variableValues), context, info, [node]).catch(ignore);
    } catch {
      // Bad arguments: the child's resolver reports them.
    }
  }
}
