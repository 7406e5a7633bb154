/**
 * Builds the emulated tenant from a seed: users in a management tree, Microsoft 365,
 * security, mail-enabled security and distribution groups (some nested, some with devices,
 * service principals and contacts as members), directory roles, then Planner and To Do data
 * (`generate-tasks.ts`). Everything is O(users) and drawn from one `SeededRandom` in a fixed
 * order, so the same seed and size give the same tenant, id for id.
 *
 * The first user in `tenant.users` is the default signed-in user: an engineering manager with
 * a manager, at least three direct reports, two Microsoft 365 groups (which own Planner
 * plans), security groups (one nested in another) and the Global Reader role.
 */
import type {
  DeviceRecord,
  DirectoryObject,
  DirectoryRoleRecord,
  GroupRecord,
  OrgContactRecord,
  ServicePrincipalRecord,
  Tenant,
  UserRecord,
} from './model';
import { SeededRandom } from './random';
import { addTaskData } from './generate-tasks';
import { dateTimeOffsetSeconds } from '../graph/tasks/time';
import { addGroupMailboxSettings, addUserProfiles } from './generate-profiles';
import {
  DEPARTMENTS,
  DEVICE_MODELS,
  DIRECTORY_ROLES,
  EXTERNAL_DOMAINS,
  GIVEN_NAMES,
  OFFICES,
  PROJECT_WORDS,
  SERVICE_PRINCIPAL_NAMES,
  SURNAMES,
  TEAM_SUFFIXES,
  type Department,
  type Office,
} from './names';

export interface TenantOptions {
  seed: number;
  /** Number of users (default 50, at least `MIN_USERS`). */
  users?: number;
}

export const DEFAULT_USERS = 50;
/** The default user, the chief executive and the default user's three direct reports. */
export const MIN_USERS = 5;

export function generateTenant(options: TenantOptions): Tenant {
  const userCount = options.users ?? DEFAULT_USERS;
  if (!Number.isInteger(userCount) || userCount < MIN_USERS) {
    throw new RangeError(`The tenant needs an integer number of users of at least ${MIN_USERS} (got ${userCount}).`);
  }
  const random = new SeededRandom(options.seed);
  const tenant: Tenant = {
    tenantId: random.guid(),
    domain: 'contoso.onmicrosoft.com',
    seed: options.seed,
    users: new Map(),
    userIdsByUpn: new Map(),
    groups: new Map(),
    directoryObjects: new Map(),
    managerOf: new Map(),
    directReportsOf: new Map(),
    membersOf: new Map(),
    ownersOf: new Map(),
    memberships: new Map(),
    plans: new Map(),
    buckets: new Map(),
    tasks: new Map(),
    taskDetails: new Map(),
    todoListsOf: new Map(),
    todoTasksOf: new Map(),
  };
  const builder = new DirectoryBuilder(tenant, random);
  const people = builder.addPeople(userCount);
  const others = builder.addNonUserObjects(userCount);
  builder.addGroups(userCount, people, others);
  builder.addDirectoryRoles(people);
  addTaskData(tenant, random);
  addUserProfiles(tenant);
  addGroupMailboxSettings(tenant);
  return tenant;
}

/** Who is who in the generated organisation, for wiring groups and roles. */
interface People {
  defaultUser: UserRecord;
  ceo: UserRecord;
  headsByDepartment: Map<string, UserRecord>;
  /** Team managers (the default user included) by department. */
  managersByDepartment: Map<string, UserRecord[]>;
  membersByDepartment: Map<string, UserRecord[]>;
  guests: UserRecord[];
  /** Enabled member accounts of people (no guests, no resource accounts). */
  employees: UserRecord[];
}

interface NonUserObjects {
  devices: DeviceRecord[];
  servicePrincipals: ServicePrincipalRecord[];
  contacts: OrgContactRecord[];
}

type GroupKind = 'unified' | 'security' | 'mailSecurity' | 'distribution';

const DAY_MS = 86_400_000;
const EPOCH_2019 = Date.UTC(2019, 0, 1);

class DirectoryBuilder {
  private readonly usedUpns = new Set<string>();
  private readonly usedNicknames = new Set<string>();
  private readonly memberSets = new Map<string, Set<string>>();

  constructor(
    private readonly tenant: Tenant,
    private readonly random: SeededRandom,
  ) {}

  addPeople(count: number): People {
    const engineering = DEPARTMENTS[0] as Department;
    const redmond = OFFICES[0] as Office;

    const defaultUser = this.addEmployee({
      department: engineering,
      jobTitle: engineering.managerTitle,
      office: redmond,
    });
    const ceo = this.addEmployee({ department: null, jobTitle: 'Chief Executive Officer', office: redmond });
    const people: People = {
      defaultUser,
      ceo,
      headsByDepartment: new Map(),
      managersByDepartment: new Map([[engineering.name, [defaultUser]]]),
      membersByDepartment: new Map([[engineering.name, [defaultUser]]]),
      guests: [],
      employees: [defaultUser, ceo],
    };
    const reports: UserRecord[] = [];
    for (let i = 0; i < 3; i++) {
      const report = this.addEmployee({
        department: engineering,
        jobTitle: this.random.pick(engineering.titles),
        office: redmond,
      });
      reports.push(report);
      people.employees.push(report);
      people.membersByDepartment.get(engineering.name)?.push(report);
    }

    let remaining = count - 5;
    for (const department of DEPARTMENTS) {
      if (remaining <= 0) break;
      const head = this.addEmployee({ department, jobTitle: department.headTitle, office: this.random.pick(OFFICES) });
      this.setManager(head, ceo);
      people.headsByDepartment.set(department.name, head);
      people.employees.push(head);
      pushTo(people.membersByDepartment, department.name, head);
      remaining--;
    }
    this.setManager(defaultUser, people.headsByDepartment.get(engineering.name) ?? ceo);
    for (const report of reports) this.setManager(report, defaultUser);

    // Accounts without a manager: invited guests and a room's resource account.
    if (count >= 20) {
      for (let i = 0; i < 2; i++) {
        people.guests.push(this.addGuest());
        remaining--;
      }
      this.addRoomAccount();
      remaining--;
    }

    // Everyone else joins a department with a head, in teams of three to eight under a manager.
    const staffed = DEPARTMENTS.filter((d) => people.headsByDepartment.has(d.name));
    const openTeams = new Map<string, { manager: UserRecord; slots: number }>([
      [engineering.name, { manager: defaultUser, slots: this.random.int(0, 3) }],
    ]);
    for (; remaining > 0; remaining--) {
      const department = staffed.length > 0 ? this.random.pick(staffed) : engineering;
      const team = openTeams.get(department.name);
      const office = this.random.pick(OFFICES);
      let user: UserRecord;
      if (team && team.slots > 0) {
        user = this.addEmployee({
          department,
          jobTitle: this.random.pick(department.titles),
          office,
          mayBeDisabled: true,
        });
        this.setManager(user, team.manager);
        team.slots--;
      } else {
        user = this.addEmployee({ department, jobTitle: department.managerTitle, office });
        this.setManager(user, people.headsByDepartment.get(department.name) ?? ceo);
        openTeams.set(department.name, { manager: user, slots: this.random.int(3, 8) });
        pushTo(people.managersByDepartment, department.name, user);
      }
      pushTo(people.membersByDepartment, department.name, user);
      if (user.accountEnabled) people.employees.push(user);
    }
    return people;
  }

  addNonUserObjects(userCount: number): NonUserObjects {
    const devices: DeviceRecord[] = [];
    for (let i = 0, n = Math.max(3, Math.floor(userCount / 25)); i < n; i++) devices.push(this.addDevice());
    const servicePrincipals = SERVICE_PRINCIPAL_NAMES.slice(0, 4).map((name) => this.addServicePrincipal(name));
    const contacts: OrgContactRecord[] = [];
    for (let i = 0; i < 3; i++) contacts.push(this.addContact());
    return { devices, servicePrincipals, contacts };
  }

  addGroups(userCount: number, people: People, others: NonUserObjects): void {
    const { defaultUser, ceo } = people;
    const target = Math.max(20, Math.floor(userCount / 4));

    const allCompany = this.addGroup(
      'unified',
      'All Company',
      'Everyone at Contoso: announcements and company-wide events.',
      'Public',
    );
    for (const user of this.tenant.users.values())
      if (user.userType === 'Member' && user.accountEnabled) this.addMember(allCompany, user.id);
    this.addOwner(allCompany, ceo.id);

    const phoenix = this.addGroup('unified', 'Project Phoenix', 'Rebuilding the customer portal.', 'Private');
    const engineeringMembers = people.membersByDepartment.get(DEPARTMENTS[0]!.name) ?? [];
    for (const user of [defaultUser, ...engineeringMembers.slice(1, 6)]) this.addMember(phoenix, user.id);
    this.addOwner(phoenix, defaultUser.id);

    for (const department of DEPARTMENTS) {
      const members = people.membersByDepartment.get(department.name);
      if (!members) continue;
      const group = this.addGroup('security', `${department.name} Department`, `Everyone in ${department.name}.`, null);
      for (const user of members) this.addMember(group, user.id);
      const head = people.headsByDepartment.get(department.name);
      this.addOwner(group, (head ?? ceo).id);
    }

    // Nested security groups: Engineering Managers is a member of People Managers.
    const engineeringManagers = this.addGroup(
      'security',
      'Engineering Managers',
      'Managers of engineering teams.',
      null,
    );
    for (const manager of people.managersByDepartment.get(DEPARTMENTS[0]!.name) ?? [])
      this.addMember(engineeringManagers, manager.id);
    this.addOwner(engineeringManagers, (people.headsByDepartment.get(DEPARTMENTS[0]!.name) ?? ceo).id);
    const peopleManagers = this.addGroup('security', 'People Managers', 'Everyone who manages a team.', null);
    this.addMember(peopleManagers, engineeringManagers.id);
    this.addMember(peopleManagers, ceo.id);
    for (const head of people.headsByDepartment.values()) this.addMember(peopleManagers, head.id);
    this.addOwner(peopleManagers, ceo.id);

    const approvers = this.addGroup(
      'mailSecurity',
      'Finance Approvers',
      'Approves purchase orders and expense reports.',
      null,
    );
    for (const user of (people.membersByDepartment.get('Finance') ?? [ceo]).slice(0, 4))
      this.addMember(approvers, user.id);
    this.addMember(approvers, peopleManagers.id);

    const newsletter = this.addGroup(
      'distribution',
      'Company Newsletter',
      'Monthly newsletter recipients, partners included.',
      null,
    );
    for (const user of this.sampleUsers(people.employees, 8)) this.addMember(newsletter, user.id);
    for (const contact of others.contacts) this.addMember(newsletter, contact.id);

    const managedDevices = this.addGroup(
      'security',
      'Managed Devices',
      'Devices enrolled in endpoint management.',
      null,
    );
    for (const device of others.devices) this.addMember(managedDevices, device.id);
    this.addOwner(managedDevices, ceo.id);

    const automation = this.addGroup(
      'security',
      'Automation Apps',
      'Service principals allowed to run unattended jobs.',
      null,
    );
    for (const principal of others.servicePrincipals) this.addMember(automation, principal.id);
    this.addMember(automation, defaultUser.id);
    this.addOwner(automation, defaultUser.id);

    const partners = this.addGroup(
      'unified',
      'Partner Collaboration',
      'Shared workspace with external partners.',
      'Private',
    );
    for (const user of [ceo, ...people.guests, ...this.sampleUsers(people.employees, 3)])
      this.addMember(partners, user.id);
    this.addOwner(partners, ceo.id);

    // Project groups until the tenant has `target` groups; security and distribution groups
    // sometimes contain an earlier group, so nesting never forms a cycle.
    const nestable: GroupRecord[] = [engineeringManagers, managedDevices];
    const usedNames = new Set<string>();
    while (this.tenant.groups.size < target) {
      const kind = this.pickGroupKind();
      const name = this.uniqueProjectName(usedNames);
      const visibility = kind === 'unified' ? (this.random.bool(0.6) ? 'Public' : 'Private') : null;
      const group = this.addGroup(
        kind,
        name,
        this.random.bool(0.8) ? `Collaboration space for ${name}.` : null,
        visibility,
      );
      const members = this.sampleUsers(people.employees, this.random.int(3, 12));
      for (const user of members) this.addMember(group, user.id);
      if (kind !== 'distribution') {
        for (const owner of members.slice(0, this.random.int(1, 2))) this.addOwner(group, owner.id);
      }
      if (kind !== 'unified' && this.random.bool(0.2)) this.addMember(group, this.random.pick(nestable).id);
      if (kind === 'security') nestable.push(group);
    }
  }

  addDirectoryRoles(people: People): void {
    const [globalAdmin, globalReader, userAdmin] = DIRECTORY_ROLES.map((role) => {
      const record: DirectoryRoleRecord = { id: this.random.guid(), deletedDateTime: null, ...role };
      this.register({ kind: 'directoryRole', record });
      return record;
    }) as [DirectoryRoleRecord, DirectoryRoleRecord, DirectoryRoleRecord];
    const it = people.headsByDepartment.get('Operations') ?? people.ceo;
    this.addMember(globalAdmin, it.id);
    this.addMember(globalReader, people.defaultUser.id);
    this.addMember(globalReader, it.id);
    this.addMember(userAdmin, (people.headsByDepartment.get('Human Resources') ?? people.ceo).id);
  }

  private addEmployee(spec: {
    department: Department | null;
    jobTitle: string;
    office: Office;
    mayBeDisabled?: boolean;
  }): UserRecord {
    const givenName = this.random.pick(GIVEN_NAMES);
    const surname = this.random.pick(SURNAMES);
    const localPart = this.uniqueLocalPart(`${givenName}.${surname}`.toLowerCase());
    const upn = `${localPart}@${this.tenant.domain}`;
    const { office } = spec;
    const created = this.dateTime(0, 6 * 365);
    const user: UserRecord = {
      id: this.random.guid(),
      deletedDateTime: null,
      businessPhones: this.random.bool(0.9) ? [`${office.phonePrefix}${this.random.int(100, 999)}`] : [],
      displayName: `${givenName} ${surname}`,
      givenName,
      jobTitle: spec.jobTitle,
      mail: upn,
      mobilePhone: this.random.bool(0.7) ? `+1 206 555 ${this.random.int(1000, 9999)}` : null,
      officeLocation: office.officeLocation,
      preferredLanguage: this.random.bool(0.85) ? office.preferredLanguage : null,
      surname,
      userPrincipalName: upn,
      accountEnabled: !(spec.mayBeDisabled && this.random.bool(0.03)),
      city: office.city,
      companyName: 'Contoso',
      country: office.country,
      createdDateTime: created,
      creationType: null,
      department: spec.department?.name ?? 'Executive',
      employeeHireDate: created,
      employeeId: String(100000 + this.tenant.users.size),
      employeeType: this.random.bool(0.95) ? 'Employee' : 'Contractor',
      externalUserState: null,
      imAddresses: [`sip:${upn}`],
      mailNickname: localPart,
      otherMails: [],
      postalCode: office.postalCode,
      proxyAddresses: [`SMTP:${upn}`],
      state: office.state,
      streetAddress: office.streetAddress,
      usageLocation: office.usageLocation,
      userType: 'Member',
    };
    this.addUser(user);
    return user;
  }

  /** An invited B2B guest: UPN `local_domain#EXT#@tenant`, no manager, no department. */
  private addGuest(): UserRecord {
    const { givenName, surname, mail: externalMail } = this.externalPerson();
    const nickname = `${externalMail.replace('@', '_')}#EXT#`;
    const upn = `${this.uniqueLocalPart(nickname)}@${this.tenant.domain}`;
    const user: UserRecord = {
      id: this.random.guid(),
      deletedDateTime: null,
      businessPhones: [],
      displayName: `${givenName} ${surname}`,
      givenName,
      jobTitle: null,
      mail: externalMail,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      surname,
      userPrincipalName: upn,
      accountEnabled: true,
      city: null,
      companyName: null,
      country: null,
      createdDateTime: this.dateTime(3 * 365, 6 * 365),
      creationType: 'Invitation',
      department: null,
      employeeId: null,
      externalUserState: 'Accepted',
      imAddresses: [],
      mailNickname: nickname,
      otherMails: [externalMail],
      proxyAddresses: [`SMTP:${externalMail}`],
      usageLocation: null,
      userType: 'Guest',
    };
    this.addUser(user);
    return user;
  }

  /** A meeting room's resource account: disabled for sign-in, no person behind it. */
  private addRoomAccount(): UserRecord {
    const room = this.random.pick(SURNAMES);
    const localPart = this.uniqueLocalPart(`confroom.${room}`.toLowerCase());
    const upn = `${localPart}@${this.tenant.domain}`;
    const user: UserRecord = {
      id: this.random.guid(),
      deletedDateTime: null,
      businessPhones: [],
      displayName: `Conf Room ${room}`,
      givenName: null,
      jobTitle: null,
      mail: upn,
      mobilePhone: null,
      officeLocation: (OFFICES[0] as Office).officeLocation,
      preferredLanguage: null,
      surname: null,
      userPrincipalName: upn,
      accountEnabled: false,
      city: (OFFICES[0] as Office).city,
      companyName: null,
      country: (OFFICES[0] as Office).country,
      createdDateTime: this.dateTime(0, 365),
      creationType: null,
      department: null,
      employeeId: null,
      externalUserState: null,
      imAddresses: [],
      isResourceAccount: true,
      mailNickname: localPart,
      otherMails: [],
      proxyAddresses: [`SMTP:${upn}`],
      usageLocation: 'US',
      userType: 'Member',
    };
    this.addUser(user);
    return user;
  }

  private addDevice(): DeviceRecord {
    const model = this.random.pick(DEVICE_MODELS);
    const registered = this.dateTime(2 * 365, 6 * 365);
    const record: DeviceRecord = {
      id: this.random.guid(),
      deletedDateTime: null,
      accountEnabled: true,
      approximateLastSignInDateTime: this.dateTime(6 * 365, 6 * 365 + 120),
      deviceId: this.random.guid(),
      displayName: `CONTOSO-${this.random.int(100000, 999999)}`,
      isCompliant: this.random.bool(0.85),
      isManaged: true,
      manufacturer: model.manufacturer,
      model: model.model,
      operatingSystem: model.operatingSystem,
      operatingSystemVersion: model.operatingSystemVersion,
      physicalIds: [],
      profileType: 'RegisteredDevice',
      registrationDateTime: registered,
      systemLabels: [],
      trustType: model.operatingSystem === 'Windows' ? 'AzureAd' : 'Workplace',
    };
    this.register({ kind: 'device', record });
    return record;
  }

  private addServicePrincipal(displayName: string): ServicePrincipalRecord {
    const appId = this.random.guid();
    const record: ServicePrincipalRecord = {
      id: this.random.guid(),
      deletedDateTime: null,
      accountEnabled: true,
      alternativeNames: [],
      appDisplayName: displayName,
      appId,
      appOwnerOrganizationId: this.tenant.tenantId,
      appRoleAssignmentRequired: false,
      description: null,
      displayName,
      notificationEmailAddresses: [],
      replyUrls: [],
      servicePrincipalNames: [appId],
      servicePrincipalType: 'Application',
      signInAudience: 'AzureADMyOrg',
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    };
    this.register({ kind: 'servicePrincipal', record });
    return record;
  }

  private addContact(): OrgContactRecord {
    const { givenName, surname, domain, mail } = this.externalPerson();
    const company = domain.split('.')[0] ?? domain;
    const record: OrgContactRecord = {
      id: this.random.guid(),
      deletedDateTime: null,
      addresses: [],
      companyName: company.charAt(0).toUpperCase() + company.slice(1),
      department: null,
      displayName: `${givenName} ${surname}`,
      givenName,
      jobTitle: this.random.pick(['Account Manager', 'Consultant', 'Partner Liaison']),
      mail,
      mailNickname: `${givenName}${surname}`,
      onPremisesSyncEnabled: null,
      phones: [],
      proxyAddresses: [`SMTP:${mail}`],
      surname,
    };
    this.register({ kind: 'orgContact', record });
    return record;
  }

  private addGroup(
    kind: GroupKind,
    displayName: string,
    description: string | null,
    visibility: string | null,
  ): GroupRecord {
    const mailEnabled = kind !== 'security';
    const nickname = this.uniqueNickname(displayName.replace(/[^A-Za-z0-9]/g, ''));
    const mail = mailEnabled ? `${nickname}@${this.tenant.domain}` : null;
    const created = this.dateTime(0, 6 * 365);
    const record: GroupRecord = {
      id: this.random.guid(),
      deletedDateTime: null,
      classification: null,
      createdDateTime: created,
      description,
      displayName,
      expirationDateTime: null,
      groupTypes: kind === 'unified' ? ['Unified'] : [],
      isAssignableToRole: null,
      mail,
      mailEnabled,
      mailNickname: nickname,
      membershipRule: null,
      membershipRuleProcessingState: null,
      onPremisesLastSyncDateTime: null,
      onPremisesSamAccountName: null,
      onPremisesSecurityIdentifier: null,
      onPremisesSyncEnabled: null,
      preferredDataLocation: null,
      preferredLanguage: null,
      proxyAddresses: mail ? [`SMTP:${mail}`] : [],
      renewedDateTime: created,
      securityEnabled: kind === 'security' || kind === 'mailSecurity',
      securityIdentifier: `S-1-12-1-${this.random.int(1e9, 4e9)}-${this.random.int(1e9, 4e9)}-${this.random.int(1e9, 4e9)}-${this.random.int(1e9, 4e9)}`,
      theme: null,
      visibility,
      onPremisesProvisioningErrors: [],
    };
    this.tenant.groups.set(record.id, record);
    this.register({ kind: 'group', record });
    this.tenant.membersOf.set(record.id, []);
    this.tenant.ownersOf.set(record.id, []);
    return record;
  }

  /**
   * Someone outside the tenant (a guest, a contact): a name and a mail address at an external
   * domain. The draws keep their order (given name, surname, domain): it is part of the seed's output.
   */
  private externalPerson(): { givenName: string; surname: string; domain: string; mail: string } {
    const givenName = this.random.pick(GIVEN_NAMES);
    const surname = this.random.pick(SURNAMES);
    const domain = this.random.pick(EXTERNAL_DOMAINS);
    return { givenName, surname, domain, mail: `${givenName}.${surname}@${domain}`.toLowerCase() };
  }

  private addUser(user: UserRecord): void {
    this.tenant.users.set(user.id, user);
    this.tenant.userIdsByUpn.set(user.userPrincipalName.toLowerCase(), user.id);
    this.register({ kind: 'user', record: user });
  }

  private register(object: DirectoryObject): void {
    this.tenant.directoryObjects.set(object.record.id, object);
  }

  private setManager(user: UserRecord, manager: UserRecord): void {
    this.tenant.managerOf.set(user.id, manager.id);
    pushTo(this.tenant.directReportsOf, manager.id, user.id);
  }

  /** Adds a direct member to a group or directory role (once). */
  private addMember(container: { id: string }, memberId: string): void {
    let members = this.memberSets.get(container.id);
    if (!members) this.memberSets.set(container.id, (members = new Set()));
    if (members.has(memberId)) return;
    members.add(memberId);
    pushTo(this.tenant.membersOf, container.id, memberId);
    pushTo(this.tenant.memberships, memberId, container.id);
  }

  private addOwner(group: GroupRecord, ownerId: string): void {
    const owners = this.tenant.ownersOf.get(group.id);
    if (owners && !owners.includes(ownerId)) owners.push(ownerId);
  }

  /** `count` distinct users drawn without copying the pool (O(count), not O(pool)). */
  private sampleUsers(pool: readonly UserRecord[], count: number): UserRecord[] {
    const picked = new Set<number>();
    const wanted = Math.min(count, pool.length);
    while (picked.size < wanted) picked.add(this.random.int(0, pool.length - 1));
    return [...picked].map((i) => pool[i] as UserRecord);
  }

  private pickGroupKind(): GroupKind {
    const roll = this.random.next();
    if (roll < 0.55) return 'unified';
    if (roll < 0.85) return 'security';
    if (roll < 0.93) return 'mailSecurity';
    return 'distribution';
  }

  private uniqueProjectName(used: Set<string>): string {
    const base = `${this.random.pick(PROJECT_WORDS)} ${this.random.pick(TEAM_SUFFIXES)}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base} ${n}`;
    used.add(name);
    return name;
  }

  private uniqueLocalPart(base: string): string {
    let candidate = base;
    for (let n = 2; this.usedUpns.has(candidate); n++) candidate = `${base}${n}`;
    this.usedUpns.add(candidate);
    return candidate;
  }

  private uniqueNickname(base: string): string {
    let candidate = base;
    for (let n = 2; this.usedNicknames.has(candidate.toLowerCase()); n++) candidate = `${base}${n}`;
    this.usedNicknames.add(candidate.toLowerCase());
    return candidate;
  }

  /** A UTC timestamp in Graph's format (no fraction), `fromDays`..`toDays` after 2019-01-01. */
  private dateTime(fromDays: number, toDays: number): string {
    const ms = EPOCH_2019 + this.random.int(fromDays, toDays) * DAY_MS + this.random.int(0, DAY_MS / 1000 - 1) * 1000;
    return dateTimeOffsetSeconds(ms);
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
