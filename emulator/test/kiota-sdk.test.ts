/**
 * Microsoft's Kiota-based Graph SDK (`@microsoft/msgraph-sdk` with its users package and
 * `@microsoft/msgraph-sdk-core`, authenticated by `@azure/identity`) against the emulator
 * listening over https, as an app would use it against Graph: app-only reads of users and
 * groups, `/me` on behalf of a user, Planner writes with etags, To Do with linked resources,
 * and `$batch`. The SDK runs in a child process (fixtures/kiota-sdk-client.mts: it is
 * ECMAScript-only, which Jest cannot load on Node 20); every answer is checked against the
 * tenant model. Docs followed: api-reference/v1.0/api/user-list-memberof.md (administrative
 * units among a user's memberships, OData casts), concepts/aad-advanced-queries.md (casts on
 * transitive lists), plannertask-update.md / plannertask-delete.md (If-Match),
 * todotask-post-linkedresources.md, concepts/json-batching.md (step bodies are JSON objects).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, type ListeningEmulator } from '../src/listen';
import { createTestEmulator, graphGet, type Emulator } from '../src/testing';
import type { DirectoryObject, PlannerTaskRecord, UserRecord } from '../src/tenant/model';
import { createSelfSignedCertificate } from '../src/tls';
import { runScriptToExit, type CliExit } from './fixtures/spawn-cli';
import type { KiotaScenario, StepError, StepResult } from './fixtures/kiota-scenario';

function runFixture(scenario: KiotaScenario, certFile: string): Promise<CliExit> {
  const env = { KIOTA_SCENARIO: JSON.stringify(scenario), NODE_EXTRA_CA_CERTS: certFile };
  return runScriptToExit(join(__dirname, 'fixtures', 'kiota-sdk-client.mts'), [], env, 50_000);
}

/** What the fixture reports for an item of a directoryObject collection. */
function summaryOf(
  object: DirectoryObject,
  typed: boolean,
): { odataType: string | null; id: string; displayName: string | null } {
  return {
    odataType: typed ? `#microsoft.graph.${object.kind}` : null,
    id: object.record.id,
    displayName: (object.record as { displayName?: string | null }).displayName ?? null,
  };
}

/** Every group and role the object belongs to through nesting, from the model's direct memberships. */
function transitiveMemberships(emu: Emulator, objectId: string): string[] {
  const found = new Set<string>();
  const queue = [...(emu.tenant.memberships.get(objectId) ?? [])];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const id = queue[i] as string;
    if (found.has(id)) continue;
    found.add(id);
    queue.push(...(emu.tenant.memberships.get(id) ?? []));
  }
  return [...found];
}

describe('the Kiota Graph SDK (@microsoft/msgraph-sdk) against the https emulator', () => {
  let emu: Emulator;
  let server: ListeningEmulator;
  let dir: string;
  let user: UserRecord;
  let taskBefore: PlannerTaskRecord;
  let groupId: string;
  let steps: Record<string, StepResult>;

  function value(name: string): unknown {
    const result = steps[name];
    if (!result) throw new Error(`the fixture ran no step '${name}'`);
    if (!result.ok) throw new Error(`step '${name}' failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }

  function failure(name: string): StepError {
    const result = steps[name];
    if (!result || result.ok) throw new Error(`step '${name}' did not fail: ${JSON.stringify(result)}`);
    return result.error;
  }

  function objects(ids: readonly string[] | undefined): DirectoryObject[] {
    return (ids ?? []).map((id) => {
      const object = emu.tenant.directoryObjects.get(id);
      if (!object) throw new Error(`no directory object ${id}`);
      return object;
    });
  }

  beforeAll(async () => {
    emu = createTestEmulator({ users: 30 });
    const tls = createSelfSignedCertificate();
    dir = mkdtempSync(join(tmpdir(), 'emulator-kiota-'));
    const certFile = join(dir, 'emulator.pem');
    writeFileSync(certFile, tls.cert);
    server = await listen(emu, { host: '127.0.0.1', port: 0, https: tls });

    user = emu.tenant.users.get(emu.info.defaultUserId) as UserRecord;
    const task = [...emu.tenant.tasks.values()].find((t) => Object.keys(t.assignments ?? {}).includes(user.id));
    if (!task) throw new Error('the default user needs an assigned Planner task');
    taskBefore = structuredClone(task);
    // A group whose members are not all users shows the SDK's discriminator at work.
    const groups = [...emu.tenant.groups.values()];
    groupId = (groups.find((g) => objects(emu.tenant.membersOf.get(g.id)).some((o) => o.kind !== 'user')) ?? groups[0])
      ?.id as string;

    const scenario: KiotaScenario = {
      url: server.url,
      tenantId: emu.info.tenantId,
      clientId: emu.info.clientId,
      clientSecret: emu.info.clientSecret,
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      assertion: emu.mintUserToken(user.id),
      groupId,
      plannerTaskId: task.id,
      batchUserIds: [...emu.tenant.users.keys()].slice(0, 3),
    };
    emu.requestLog.clear();
    const result = await runFixture(scenario, certFile);
    if (result.code !== 0) throw new Error(`the Kiota SDK fixture failed (${String(result.code)}): ${result.stderr}`);
    steps = (JSON.parse(result.stdout) as { steps: Record<string, StepResult> }).steps;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('users', () => {
    it('PageIterator reads all 30 users across $top=7 pages in listing order, each page once', () => {
      expect(value('users: PageIterator over every page')).toEqual({
        firstPage: 7,
        users: [...emu.tenant.users.values()].map((u) => ({ id: u.id, displayName: u.displayName })),
        state: 'Complete',
      });
      const pages = emu.requestLog.lines().filter((line) => line.startsWith('GET /v1.0/users?'));
      expect(pages).toHaveLength(5);
      expect(pages[0]).toBe('GET /v1.0/users?$select=id,displayName&$top=7');
    });

    it("reads a user by id with Graph's default properties, as the REST answer has them", async () => {
      const rest = await graphGet(emu, `/v1.0/users/${user.id}`);
      const { '@odata.context': _context, ...properties } = rest.body as Record<string, unknown>;
      // Kiota leaves a property Graph answers as null (mobilePhone here) unset on the model.
      const present = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null));
      expect(Object.keys(present).length).toBeLessThan(Object.keys(properties).length);
      expect(value('users: by id')).toEqual(present);
      expect(properties).toMatchObject({ id: user.id, userPrincipalName: user.userPrincipalName, mail: user.mail });
    });

    it('reads a user by UPN with $select (the UPN percent-encoded in the path)', () => {
      expect(value('users: by UPN with $select')).toEqual({
        id: user.id,
        displayName: user.displayName,
        userPrincipalName: user.userPrincipalName,
        mail: user.mail,
        jobTitle: user.jobTitle,
        department: user.department,
      });
      expect(emu.requestLog.lines()).toContain(
        `GET /v1.0/users/${user.userPrincipalName.replace('@', '%40')}?$select=id,displayName,userPrincipalName,mail,jobTitle,department`,
      );
    });

    it('reads the manager as a directoryObject the SDK types as a user', () => {
      expect(value('users: manager')).toEqual({
        odataType: '#microsoft.graph.user',
        id: emu.tenant.managerOf.get(user.id),
      });
    });

    it('reads directReports, their user cast and their (empty) orgContact cast', () => {
      const reports = objects(emu.tenant.directReportsOf.get(user.id));
      expect(reports.length).toBeGreaterThanOrEqual(3);
      expect(value('users: directReports')).toEqual(reports.map((o) => summaryOf(o, true)));
      const ofKind = (kind: string) => reports.filter((o) => o.kind === kind).map((o) => summaryOf(o, false));
      expect(value('users: directReports.graphUser')).toEqual(ofKind('user'));
      expect(value('users: directReports.graphOrgContact')).toEqual(ofKind('orgContact'));
    });

    it('reads memberOf, its group, directoryRole and administrativeUnit casts and its $count', () => {
      const memberships = objects(emu.tenant.memberships.get(user.id));
      const ofKind = (kind: string) => memberships.filter((o) => o.kind === kind).map((o) => summaryOf(o, false));
      expect(value('users: memberOf')).toEqual(memberships.map((o) => summaryOf(o, true)));
      expect(value('users: memberOf.graphGroup')).toEqual(ofKind('group'));
      expect(value('users: memberOf.graphDirectoryRole')).toEqual(ofKind('directoryRole'));
      expect(ofKind('directoryRole').map((role) => role.displayName)).toEqual(['Global Reader']);
      // user-list-memberof.md: administrative units are among a user's memberships and casts
      // are enabled; the tenant has none, so the cast is an empty collection, not a 400.
      expect(value('users: memberOf.graphAdministrativeUnit')).toEqual([]);
      expect(value('users: memberOf.count')).toBe(memberships.length);
    });

    it('reads transitiveMemberOf and, as advanced queries with ConsistencyLevel and $count=true, its casts', () => {
      const all = objects(transitiveMemberships(emu, user.id));
      const sorted = <T extends { id: string | null }>(items: T[]): T[] =>
        [...items].sort((a, b) => String(a.id).localeCompare(String(b.id)));
      expect(sorted(value('users: transitiveMemberOf') as Array<{ id: string }>)).toEqual(
        sorted(all.map((o) => summaryOf(o, true))),
      );
      expect(all.length).toBeGreaterThan(objects(emu.tenant.memberships.get(user.id)).length);
      for (const [kind, step] of [
        ['group', 'users: transitiveMemberOf.graphGroup (advanced query)'],
        ['directoryRole', 'users: transitiveMemberOf.graphDirectoryRole (advanced query)'],
        ['administrativeUnit', 'users: transitiveMemberOf.graphAdministrativeUnit (advanced query)'],
      ] as const) {
        const expected = all.filter((o) => o.kind === kind).map((o) => summaryOf(o, false));
        const answer = value(step) as { count: number; value: Array<{ id: string }> };
        expect([kind, answer.count, sorted(answer.value)]).toEqual([kind, expected.length, sorted(expected)]);
      }
    });

    it('surfaces a transitive cast without the advanced query parameters as an ODataError 400 Request_UnsupportedQuery', () => {
      expect(failure('users: transitiveMemberOf.graphGroup without the advanced query parameters')).toMatchObject({
        status: 400,
        code: 'Request_UnsupportedQuery',
      });
    });
  });

  describe('/me on behalf of a user', () => {
    it('reads the signed-in user with the token OnBehalfOfCredential exchanged for', () => {
      expect(value('me: on behalf of the signed-in user')).toEqual({
        id: user.id,
        displayName: user.displayName,
        userPrincipalName: user.userPrincipalName,
      });
    });

    it('asks the token endpoint once per credential: MSAL finds the .default token in its cache afterwards', () => {
      const tokenPosts = emu.requestLog.lines().filter((line) => /^POST \/[^/]+\/oauth2\/v2\.0\/token/.test(line));
      expect(tokenPosts).toHaveLength(2);
      expect(emu.requestLog.lines().filter((line) => line.startsWith('GET /v1.0/me')).length).toBeGreaterThan(5);
    });
  });

  describe('groups through the request adapter (there is no groups package)', () => {
    it('reads a group by id into the Group model', () => {
      const group = emu.tenant.groups.get(groupId);
      expect(value('groups: by id through the request adapter')).toEqual({
        id: groupId,
        displayName: group?.displayName,
        groupTypes: group?.groupTypes,
        mailEnabled: group?.mailEnabled,
        securityEnabled: group?.securityEnabled,
      });
    });

    it('pages through its members with PageIterator, each typed by its @odata.type', () => {
      // group-list-members.md known issue: v1.0 does not list service principals among members.
      const members = objects(emu.tenant.membersOf.get(groupId)).filter((o) => o.kind !== 'servicePrincipal');
      expect(members.some((o) => o.kind !== 'user')).toBe(true);
      expect(value('groups: members through the request adapter and PageIterator')).toEqual(
        members.map((o) => summaryOf(o, true)),
      );
      const pages = emu.requestLog.lines().filter((line) => line.startsWith(`GET /v1.0/groups/${groupId}/members?`));
      expect(pages).toHaveLength(Math.ceil(members.length / 2));
    });
  });

  describe('Planner through me.planner.tasks.byPlannerTaskId', () => {
    it('reads the task with its etag and its assignees (an open type)', () => {
      expect(value('planner: read a task')).toMatchObject({
        id: taskBefore.id,
        planId: taskBefore.planId,
        bucketId: taskBefore.bucketId,
        title: taskBefore.title,
        percentComplete: taskBefore.percentComplete,
        etag: taskBefore.etag,
        assignees: Object.keys(taskBefore.assignments ?? {}),
      });
    });

    it('updates it with If-Match (204, no body) and reads the new title under a new etag', () => {
      expect(value('planner: update with If-Match')).toBeNull();
      expect(value('planner: read after the update')).toEqual({
        title: 'Renamed by the Kiota SDK',
        percentComplete: 50,
        etagChanged: true,
      });
    });

    it('surfaces a stale etag as an ODataError 412 that leaves the etag as it was (the delete below still matches it)', () => {
      expect(failure('planner: update with the stale etag')).toMatchObject({ status: 412, code: '' });
    });

    it('deletes it with If-Match; a read afterwards is a 404 ODataError', () => {
      expect(value('planner: delete with If-Match')).toBeNull();
      expect(failure('planner: read after the delete')).toEqual({
        name: expect.any(String),
        status: 404,
        code: '',
        message: 'The requested item is not found.',
      });
      expect(emu.tenant.tasks.has(taskBefore.id)).toBe(false);
    });
  });

  describe('To Do through me.todo.lists', () => {
    function createdList() {
      const list = emu.tenant.todoListsOf.get(user.id)?.find((l) => l.displayName === 'Kiota SDK list');
      if (!list) throw new Error('the list was not created');
      return list;
    }
    function createdTask() {
      const task = emu.tenant.todoTasksOf.get(createdList().id)?.[0];
      if (!task) throw new Error('the task was not created');
      return task;
    }

    it('creates a list', () => {
      expect(value('todo: create a list')).toEqual({
        id: createdList().id,
        displayName: 'Kiota SDK list',
        isOwner: true,
        isShared: false,
        wellknownListName: 'none',
        // todoTaskList answers carry their @odata.type (todotasklist-get.md), which Kiota keeps as odataType.
        odataType: '#microsoft.graph.todoTaskList',
      });
    });

    it('creates a task with a linked resource, which the 201 answer carries', () => {
      const created = value('todo: create a task with a linked resource') as Record<string, unknown>;
      const task = createdTask();
      expect(created).toMatchObject({ id: task.id, title: 'Follow up from the Kiota SDK', status: 'notStarted' });
      expect(created.linkedResources).toEqual([
        {
          id: task.linkedResources?.[0]?.id,
          webUrl: 'https://contoso.example/items/42',
          applicationName: 'Kiota fixture',
          displayName: 'Item 42',
          externalId: 'item-42',
        },
      ]);
    });

    it('reads the task back (linked resources only come with $expand)', () => {
      const read = value('todo: read the task') as Record<string, unknown>;
      expect(read).toMatchObject({ id: createdTask().id, title: 'Follow up from the Kiota SDK' });
      expect(read).not.toHaveProperty('linkedResources');
    });

    it('adds a second linked resource and lists both in creation order', () => {
      const stored = createdTask().linkedResources ?? [];
      expect(stored).toHaveLength(2);
      // Standalone linkedResource answers carry their @odata.type (linkedresource-get.md); Kiota keeps it as odataType.
      const asAnswered = (item: object) => ({ ...item, odataType: '#microsoft.graph.linkedResource' });
      expect(value('todo: add a linked resource')).toEqual(asAnswered(stored[1] ?? {}));
      expect(value('todo: list linked resources')).toEqual(stored.map(asAnswered));
    });

    it('lists the lists, the new one last', () => {
      expect(value('todo: list the lists')).toEqual(
        (emu.tenant.todoListsOf.get(user.id) ?? []).map((l) => ({ id: l.id, displayName: l.displayName })),
      );
    });
  });

  describe('$batch through BatchRequestContent', () => {
    const ids = (): string[] => [...emu.tenant.users.keys()].slice(0, 3);

    it('sends one step per request (relative URLs, no headers) and reads every status by id', () => {
      const answer = value('batch: BatchRequestContent.postAsync') as {
        sent: unknown[];
        statuses: Record<string, number>;
        bodies: Record<string, unknown>;
      };
      expect(answer.sent).toEqual(
        ids().map((id, i) => ({
          id: `user-${i + 1}`,
          method: 'GET',
          url: `/users/${id}?%24select=id,displayName`,
          headers: null,
        })),
      );
      expect(answer.statuses).toEqual({ 'user-1': 200, 'user-2': 200, 'user-3': 200 });
      // The SDK's BatchResponseContent reads step bodies as base64 bytes; Graph's JSON bodies are
      // objects (json-batching.md), so it holds none: an SDK limitation, not an emulator one.
      expect(answer.bodies).toEqual({ 'user-1': null, 'user-2': null, 'user-3': null });
    });

    it('answers each step with the selected properties, read through the User model', () => {
      const users = ids().map((id) => emu.tenant.users.get(id) as UserRecord);
      expect(value('batch: the same content through the request adapter')).toEqual(
        Object.fromEntries(
          users.map((u, i) => [`user-${i + 1}`, { status: 200, user: { id: u.id, displayName: u.displayName } }]),
        ),
      );
      expect(emu.requestLog.lines().filter((line) => line === 'POST /v1.0/$batch')).toHaveLength(2);
      expect(emu.requestLog.lines()).toContain(`GET /users/${users[0]?.id}?%24select=id,displayName`);
    });
  });
});
