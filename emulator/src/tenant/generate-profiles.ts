/**
 * The users' properties beyond the directory core, filled after the directory is built from a
 * random stream of their own (so adding them never shifts the ids and names of the tenant):
 * sign-in identities, licenses, sign-in activity, custom security attributes, the mailbox
 * settings and the SharePoint profile properties Graph serves only on a single user (`aboutMe`,
 * `birthday`, `hireDate`, `interests`, `mySite`, `pastProjects`, `preferredName`,
 * `responsibilities`, `schools`, `skills`: user.md, user-list.md); and the group mailbox
 * settings of Microsoft 365 groups.
 */
import { dateTimeOffsetSeconds } from '../graph/tasks/time';
import type { Tenant, UserRecord } from './model';
import { SeededRandom } from './random';

/** Real SKU ids (Microsoft's product-names-and-service-plan-identifiers table). */
export const SKUS = {
  microsoft365E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  microsoft365E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  powerBiPro: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
  visioPlan2: 'c5928f49-12ba-48f7-ada3-0d743a3601d5',
} as const;

/** What Graph shows for a SharePoint date the user never set. */
export const UNSET_PROFILE_DATE = '0001-01-01T00:00:00Z';

const INTERESTS = ['Hiking', 'Photography', 'Cycling', 'Chess', 'Cooking', 'Running', 'Gardening', 'Music'];
const SKILLS = ['TypeScript', 'Project management', 'Negotiation', 'Data analysis', 'Public speaking', 'Azure'];
const SCHOOLS = ['University of Washington', 'Imperial College London', 'TU München', 'IIT Bombay', 'Sorbonne'];
const PAST_PROJECTS = ['Contoso Portal', 'Northwind Migration', 'Fabrikam Onboarding', 'Litware Launch'];
const RESPONSIBILITIES = ['Hiring', 'Budget planning', 'Customer escalations', 'Release management', 'Mentoring'];

const TIME_ZONES: Record<string, string> = {
  US: 'Pacific Standard Time',
  GB: 'GMT Standard Time',
  FR: 'Romance Standard Time',
  DE: 'W. Europe Standard Time',
  IN: 'India Standard Time',
  AU: 'AUS Eastern Standard Time',
};

const LANGUAGE_NAMES: Record<string, string> = {
  'en-US': 'English (United States)',
  'en-GB': 'English (United Kingdom)',
  'fr-FR': 'French (France)',
  'de-DE': 'German (Germany)',
  'en-IN': 'English (India)',
  'en-AU': 'English (Australia)',
};

const DAY_MS = 86_400_000;
/** Sign-in activity is dated relative to this instant, so the tenant is the same on every run. */
const ACTIVITY_EPOCH = Date.UTC(2025, 0, 15);

/**
 * The Exchange settings of Microsoft 365 groups (group.md: returned only on `$select` of a single
 * group). Other groups have no group mailbox and leave them unset (null).
 */
export function addGroupMailboxSettings(tenant: Tenant): void {
  const random = new SeededRandom((tenant.seed ^ 0x6a0b5e77) >>> 0);
  for (const group of tenant.groups.values()) {
    if (!group.groupTypes?.includes('Unified')) continue;
    group.allowExternalSenders = false;
    group.autoSubscribeNewMembers = random.bool(0.3);
    group.hideFromAddressLists = false;
    group.hideFromOutlookClients = false;
    group.isSubscribedByMail = random.bool(0.5);
    group.unseenCount = random.int(0, 25);
  }
}

export function addUserProfiles(tenant: Tenant): void {
  const random = new SeededRandom((tenant.seed ^ 0x9f0f11e5) >>> 0);
  let guestIndex = 0;
  for (const user of tenant.users.values()) {
    const guest = user.userType === 'Guest';
    user.identities = guest ? guestIdentities(random, guestIndex++) : memberIdentities(tenant, user);
    user.assignedLicenses = licensesOf(random, user);
    user.signInActivity = signInActivityOf(random, user);
    user.customSecurityAttributes = customSecurityAttributesOf(random, user);
    user.mailboxSettings = guest ? null : mailboxSettingsOf(random, user);
    Object.assign(user, profileOf(tenant, random, user));
  }
}

function memberIdentities(tenant: Tenant, user: UserRecord): UserRecord['identities'] {
  return [{ signInType: 'userPrincipalName', issuer: tenant.domain, issuerAssignedId: user.userPrincipalName }];
}

/**
 * B2B guests: alternately a Google federation (the issuer's subject id) and an email one-time
 * passcode account (`mail`, no id), the two issuers objectIdentity.md lets a filter name alone.
 */
function guestIdentities(random: SeededRandom, index: number): UserRecord['identities'] {
  if (index % 2 === 0) {
    const subject = Array.from({ length: 21 }, (_, i) => random.int(i === 0 ? 1 : 0, 9)).join('');
    return [{ signInType: 'federated', issuer: 'google.com', issuerAssignedId: subject }];
  }
  return [{ signInType: 'federated', issuer: 'mail', issuerAssignedId: null }];
}

function licensesOf(random: SeededRandom, user: UserRecord): UserRecord['assignedLicenses'] {
  if (user.userType !== 'Member' || user.isResourceAccount || !user.accountEnabled) return [];
  const executive = /Chief|Head|Director|VP|Vice President/i.test(user.jobTitle ?? '');
  const licenses: Array<{ disabledPlans: string[]; skuId: string }> = [
    { disabledPlans: [], skuId: executive || random.bool(0.2) ? SKUS.microsoft365E5 : SKUS.microsoft365E3 },
  ];
  if (random.bool(0.3)) licenses.push({ disabledPlans: [], skuId: SKUS.powerBiPro });
  if (user.department === 'Engineering' && random.bool(0.25))
    licenses.push({ disabledPlans: [], skuId: SKUS.visioPlan2 });
  return licenses;
}

/** Null for accounts that never signed in (a disabled account, a room); user.md says so. */
function signInActivityOf(random: SeededRandom, user: UserRecord): UserRecord['signInActivity'] {
  if (!user.accountEnabled || user.isResourceAccount) return null;
  // Most people signed in during the last fortnight; about one in eight has been away for months.
  const daysAgo = random.bool(0.125) ? random.int(60, 400) : random.int(0, 14);
  const interactive = ACTIVITY_EPOCH - daysAgo * DAY_MS - random.int(0, DAY_MS / 1000 - 1) * 1000;
  const nonInteractive = Math.min(ACTIVITY_EPOCH, interactive + random.int(0, (3 * DAY_MS) / 1000) * 1000);
  return {
    lastSignInDateTime: dateTimeOffsetSeconds(interactive),
    lastSignInRequestId: random.guid(),
    lastNonInteractiveSignInDateTime: dateTimeOffsetSeconds(nonInteractive),
    lastNonInteractiveSignInRequestId: random.guid(),
    lastSuccessfulSignInDateTime: dateTimeOffsetSeconds(Math.max(interactive, nonInteractive)),
    lastSuccessfulSignInRequestId: random.guid(),
  };
}

/** Engineers carry the `Engineering` attribute set of user-get.md's example; everyone else none. */
function customSecurityAttributesOf(random: SeededRandom, user: UserRecord): UserRecord['customSecurityAttributes'] {
  if (user.department !== 'Engineering' || user.userType !== 'Member') return null;
  return {
    Engineering: {
      '@odata.type': '#microsoft.graph.customSecurityAttributeValue',
      'Project@odata.type': '#Collection(String)',
      Project: random.sample(['Baker', 'Cascade', 'Alpine', 'Phoenix'], random.int(1, 2)),
      'CostCenter@odata.type': '#Collection(Int32)',
      CostCenter: [1001 + random.int(0, 3)],
      Certification: random.bool(0.5),
    },
  } as UserRecord['customSecurityAttributes'];
}

function mailboxSettingsOf(random: SeededRandom, user: UserRecord): UserRecord['mailboxSettings'] {
  const locale = user.preferredLanguage ?? 'en-US';
  return {
    archiveFolder: `AQMkA${random.guid().replace(/-/g, '')}AAAA==`,
    timeZone: TIME_ZONES[user.usageLocation ?? 'US'] ?? 'UTC',
    language: { locale, displayName: LANGUAGE_NAMES[locale] ?? locale },
    dateFormat: locale === 'en-US' ? 'M/d/yyyy' : 'dd/MM/yyyy',
    timeFormat: locale === 'en-US' ? 'h:mm tt' : 'HH:mm',
    delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
    userPurpose: user.isResourceAccount ? 'room' : 'user',
  };
}

/** The SharePoint profile: filled in by some people, left at Graph's empty values by others. */
function profileOf(tenant: Tenant, random: SeededRandom, user: UserRecord): Partial<UserRecord> {
  const person = user.userType === 'Member' && !user.isResourceAccount;
  const filledIn = person && random.bool(0.6);
  const personalSite = `https://${tenant.domain.split('.')[0] ?? 'contoso'}-my.sharepoint.com/personal/${user.userPrincipalName.replace(/[.@]/g, '_')}/`;
  const birthday = filledIn
    ? dateTimeOffsetSeconds(Date.UTC(random.int(1965, 2000), random.int(0, 11), random.int(1, 28)))
    : UNSET_PROFILE_DATE;
  const hired =
    person && user.employeeHireDate ? `${user.employeeHireDate.slice(0, 10)}T00:00:00Z` : UNSET_PROFILE_DATE;
  return {
    aboutMe: filledIn ? `${user.jobTitle ?? 'Team member'} in ${user.department ?? 'Contoso'}.` : null,
    birthday,
    hireDate: hired,
    interests: filledIn ? random.sample(INTERESTS, random.int(1, 3)) : [],
    mySite: person ? personalSite : null,
    pastProjects: filledIn ? random.sample(PAST_PROJECTS, random.int(0, 2)) : [],
    preferredName: filledIn ? (user.givenName ?? '') : '',
    responsibilities: filledIn ? random.sample(RESPONSIBILITIES, random.int(0, 2)) : [],
    schools: filledIn ? random.sample(SCHOOLS, 1) : [],
    skills: filledIn ? random.sample(SKILLS, random.int(1, 3)) : [],
  };
}
