/**
 * Which `$filter`, `$orderby` and `$search` uses each directory resource accepts, by default or
 * only in advanced queries (`ConsistencyLevel: eventual` plus `$count`), after graph-api.md §2
 * and the property tables of Graph's advanced-query page, and the errors Graph gives otherwise.
 */
import { graphError } from '../../http/errors';
import { isBareAny, type FilterNode, type Operand } from '../../http/filter';
import type { GraphReply } from '../../http/types';
import type { DirectoryObjectKind } from '../../tenant/model';
import {
  allPropertiesOf,
  directoryObjectType,
  properties,
  ENTITY_TYPE_BY_KIND,
  type EntityTypeDef,
  type PropertyDef,
} from './entity-types';

/** What a filter clause asks of a property. `range` covers ge/le/gt/lt. */
export type Capability = 'eq' | 'in' | 'startsWith' | 'endsWith' | 'range' | 'null' | 'ne' | 'not' | 'contains';

export interface PropertySupport {
  byDefault: ReadonlySet<Capability>;
  /** Capabilities that need advanced query parameters. */
  advanced: ReadonlySet<Capability>;
}

export interface ResourceSupport {
  /** Resource name in Graph's messages: `User`, `Group`, `DirectoryObject`. */
  resourceName: string;
  /** Qualified type for OData messages: `microsoft.graph.user`. */
  typeName: string;
  entityType: EntityTypeDef;
  filter: ReadonlyMap<string, PropertySupport>;
  sortableByDefault: readonly string[];
  sortableInAdvancedQueries: readonly string[];
  /** Properties `$search` accepts (displayName/description by tokens, the rest as startsWith). */
  searchable: readonly string[];
  /** Relationships a filter may count (`appRoleAssignments/$count gt 0`), though not properties. */
  countable?: readonly PropertyDef[];
}

function caps(list: string): Set<Capability> {
  return new Set(list.split(/\s+/).filter(Boolean) as Capability[]);
}

function table(
  rows: ReadonlyArray<[names: string, byDefault: string, advanced: string]>,
): Map<string, PropertySupport> {
  const map = new Map<string, PropertySupport>();
  for (const [names, byDefault, advanced] of rows) {
    for (const name of names.split(/\s+/).filter(Boolean))
      map.set(name, { byDefault: caps(byDefault), advanced: caps(advanced) });
  }
  return map;
}

const USER_FILTER = table([
  ['displayName', 'eq in startsWith', 'ne not null'],
  ['givenName surname jobTitle department city country state mailNickname', 'eq in startsWith range', 'ne not null'],
  ['mail userPrincipalName', 'eq in startsWith range', 'ne not endsWith'],
  ['usageLocation', 'eq in startsWith range', 'ne not'],
  ['accountEnabled creationType externalUserState onPremisesSyncEnabled id', 'eq in', 'ne not'],
  ['userType', 'eq in', 'ne not null'],
  ['employeeId', 'eq in', 'ne not null startsWith range'],
  [
    'companyName mobilePhone officeLocation postalCode preferredLanguage streetAddress faxNumber employeeType',
    '',
    'eq in startsWith range ne not null',
  ],
  ['createdDateTime employeeHireDate', '', 'eq in range ne not'],
  // Multi-valued: used through any(), e.g. proxyAddresses/any(p:startsWith(p,'SMTP:')).
  ['proxyAddresses otherMails', 'eq startsWith', 'ne not endsWith'],
  ['imAddresses', 'eq startsWith', 'ne not'],
  ['businessPhones', 'eq', 'ne not'],
  // Complex collections, through any() on a member: identities/any(c:c/issuer eq 'mail'),
  // assignedLicenses/any(x:x/skuId eq <guid>) (user.md); the count of licenses only in
  // advanced queries (aad-advanced-queries.md: assignedLicenses/$count eq 0).
  ['identities assignedLicenses', 'eq', 'ne not'],
  ['identities/issuer identities/issuerAssignedId assignedLicenses/skuId', 'eq', 'ne not'],
  ['assignedLicenses/$count', '', 'eq ne'],
  // user.md: eq, ne, not, ge, le, "but not with any other filterable properties".
  [
    'signInActivity/lastSignInDateTime signInActivity/lastNonInteractiveSignInDateTime signInActivity/lastSuccessfulSignInDateTime',
    'eq range',
    'ne not',
  ],
]);

const GROUP_FILTER = table([
  ['displayName mailNickname classification membershipRule', 'eq in startsWith', 'ne not null'],
  ['mail', 'eq in startsWith', 'ne not null endsWith'],
  ['mailEnabled securityEnabled onPremisesSyncEnabled isAssignableToRole visibility id', 'eq in', 'ne not'],
  ['renewedDateTime onPremisesLastSyncDateTime', 'eq in range', 'ne not'],
  ['description preferredLanguage onPremisesSamAccountName', '', 'eq in startsWith ne not null'],
  ['expirationDateTime', '', 'eq in range ne not'],
  // Not indexed even in advanced queries (the advanced-query page's own failing example).
  ['createdDateTime', '', ''],
  ['groupTypes', 'eq', 'ne not'],
  ['proxyAddresses', 'eq startsWith', 'ne not endsWith'],
  ['membershipRuleProcessingState', 'eq in', 'ne not'],
  // group.md: "Supports $filter (eq)"; group-list.md example 7 asks for any license: assignedLicenses/any().
  ['assignedLicenses', 'eq', ''],
  // user-list-memberof.md example 6 counts them without the advanced query parameters.
  ['appRoleAssignments/$count', 'eq range', 'ne not'],
  // group.md: never returned, "Supports $filter (eq)" to find groups whose members have license errors.
  ['hasMembersWithLicenseErrors', 'eq', ''],
]);

const ID_ONLY_FILTER = table([['id', 'eq in', 'ne not']]);

function searchableOf(filter: ReadonlyMap<string, PropertySupport>, tokenized: string[]): string[] {
  const startsWith = [...filter]
    .filter(([, s]) => s.byDefault.has('startsWith') || s.advanced.has('startsWith'))
    .map(([n]) => n);
  return [...new Set([...tokenized, ...startsWith])];
}

const USER_SUPPORT: ResourceSupport = {
  resourceName: 'User',
  typeName: 'microsoft.graph.user',
  entityType: ENTITY_TYPE_BY_KIND.user,
  filter: USER_FILTER,
  sortableByDefault: ['displayName', 'userPrincipalName'],
  sortableInAdvancedQueries: ['createdDateTime'],
  searchable: searchableOf(USER_FILTER, ['displayName']),
};

const GROUP_SUPPORT: ResourceSupport = {
  resourceName: 'Group',
  typeName: 'microsoft.graph.group',
  entityType: ENTITY_TYPE_BY_KIND.group,
  filter: GROUP_FILTER,
  sortableByDefault: ['displayName'],
  sortableInAdvancedQueries: [],
  searchable: searchableOf(GROUP_FILTER, ['displayName', 'description']),
  countable: properties('appRoleAssignments:[graph.appRoleAssignment]'),
};

/** A mixed `directoryObject` collection (memberOf, members, owners...). */
export const DIRECTORY_OBJECT_SUPPORT: ResourceSupport = {
  resourceName: 'DirectoryObject',
  typeName: 'microsoft.graph.directoryObject',
  entityType: directoryObjectType,
  filter: ID_ONLY_FILTER,
  sortableByDefault: [],
  sortableInAdvancedQueries: [],
  searchable: ['displayName'],
};

function idOnlySupport(kind: DirectoryObjectKind): ResourceSupport {
  const resourceName = kind.charAt(0).toUpperCase() + kind.slice(1);
  return {
    resourceName,
    typeName: `microsoft.graph.${kind}`,
    entityType: ENTITY_TYPE_BY_KIND[kind],
    filter: ID_ONLY_FILTER,
    sortableByDefault: [],
    sortableInAdvancedQueries: ['displayName'],
    searchable: ['displayName'],
  };
}

export const SUPPORT_BY_KIND: Record<DirectoryObjectKind, ResourceSupport> = {
  user: USER_SUPPORT,
  group: GROUP_SUPPORT,
  device: idOnlySupport('device'),
  servicePrincipal: idOnlySupport('servicePrincipal'),
  orgContact: idOnlySupport('orgContact'),
  directoryRole: idOnlySupport('directoryRole'),
};

/** Case-insensitive lookup of a structural property of the resource's type. */
export function findProperty(resource: ResourceSupport, name: string): PropertyDef | undefined {
  const lower = name.toLowerCase();
  return allPropertiesOf(resource.entityType).find((p) => p.name.toLowerCase() === lower);
}

/** What a `$filter` may name: a structural property, or a relationship it counts. */
export function findFilterProperty(resource: ResourceSupport, name: string): PropertyDef | undefined {
  const lower = name.toLowerCase();
  return findProperty(resource, name) ?? resource.countable?.find((p) => p.name.toLowerCase() === lower);
}

// ---------------------------------------------------------------------------------------

const ADVANCED_OPERATOR_HINT =
  'is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information';

function operatorNeedsAdvanced(operator: 'ne' | 'not' | 'endsWith'): GraphReply {
  return graphError(400, 'Request_UnsupportedQuery', `Operator '${operator}' ${ADVANCED_OPERATOR_HINT}`);
}

export function unsupportedProperty(resource: ResourceSupport, property: string): GraphReply {
  return graphError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource.resourceName}'.`,
  );
}

/** Graph caps `in` lists outside advanced queries (graph-api.md §2, known issues). */
const MAX_IN_VALUES = 15;

/**
 * The 400 Graph answers for a (bound) filter this resource cannot run, or null. Operators
 * that only advanced queries know (`ne`, `not`, `endsWith`) are reported before properties.
 */
export function checkFilterSupport(node: FilterNode, resource: ResourceSupport, advanced: boolean): GraphReply | null {
  const properties = new Set<string>();
  collectProperties(node, properties);
  if (properties.has('signInActivity') && properties.size > 1) return unsupportedProperty(resource, 'signInActivity');
  return new SupportChecker(resource, advanced).check(node, null);
}

/** The top-level properties a (bound) filter reads. */
function collectProperties(node: FilterNode, into: Set<string>, variables: ReadonlySet<string> = new Set()): void {
  const add = (operand: Operand) => {
    if (operand.kind === 'property' && !variables.has(operand.path[0] as string)) into.add(operand.path[0] as string);
  };
  switch (node.kind) {
    case 'and':
    case 'or':
      collectProperties(node.left, into, variables);
      collectProperties(node.right, into, variables);
      return;
    case 'not':
      return collectProperties(node.operand, into, variables);
    case 'compare':
      add(node.left);
      add(node.right);
      return;
    case 'in':
      return add(node.left);
    case 'function':
      add(node.target);
      add(node.argument);
      return;
    case 'lambda':
      into.add(node.collection[0] as string);
      return collectProperties(node.predicate, into, new Set([...variables, node.variable]));
    case 'value':
      return add(node.operand);
  }
}

/** Issuers objectIdentity.md lets a filter name without an issuerAssignedId. */
const ISSUERS_FILTERABLE_ALONE = new Set(['google.com', 'facebook.com', 'mail', 'phone']);

/**
 * objectIdentity.md, "Filtering": an issuerAssignedId needs its issuer in the same clause;
 * an issuer alone only for a few social issuers.
 */
function checkIdentitiesClause(predicate: FilterNode, variable: string, resource: ResourceSupport): GraphReply | null {
  const equalities = new Map<string, string>();
  const walk = (node: FilterNode): boolean => {
    if (node.kind === 'and') return walk(node.left) && walk(node.right);
    if (node.kind !== 'compare' || node.operator !== 'eq') return false;
    const [property, literal] = node.left.kind === 'property' ? [node.left, node.right] : [node.right, node.left];
    if (property.kind !== 'property' || literal.kind !== 'literal' || property.path[0] !== variable) return false;
    const value = literal.literal.kind === 'string' ? literal.literal.value : null;
    if (value === null || property.path.length !== 2) return false;
    equalities.set((property.path[1] as string).toLowerCase(), value);
    return true;
  };
  const simple = walk(predicate);
  const issuer = equalities.get('issuer');
  const valid =
    simple &&
    issuer !== undefined &&
    (equalities.has('issuerassignedid') || ISSUERS_FILTERABLE_ALONE.has(issuer.toLowerCase()));
  return valid ? null : unsupportedProperty(resource, 'identities');
}

/**
 * objectIdentity.md: "Filtering for entries with a signInType of userPrincipalName isn't
 * supported" — those identities never match; the `userPrincipalName` property is the way.
 */
export function withoutUpnIdentities(node: FilterNode): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, left: withoutUpnIdentities(node.left), right: withoutUpnIdentities(node.right) };
    case 'not':
      return { ...node, operand: withoutUpnIdentities(node.operand) };
    case 'lambda': {
      if (node.collection[0] !== 'identities') return node;
      const signInType: Operand = { kind: 'property', path: [node.variable, 'signInType'], position: node.position };
      const upn: Operand = {
        kind: 'literal',
        literal: { kind: 'string', value: 'userPrincipalName' },
        position: node.position,
      };
      const notUpn: FilterNode = {
        kind: 'compare',
        operator: 'ne',
        left: signInType,
        right: upn,
        position: node.position,
      };
      return { ...node, predicate: { kind: 'and', left: node.predicate, right: notUpn } };
    }
    default:
      return node;
  }
}

class SupportChecker {
  constructor(
    private readonly resource: ResourceSupport,
    private readonly advanced: boolean,
  ) {}

  /** `lambdaOf`: the collection property whose elements the lambda variable ranges over. */
  check(node: FilterNode, lambdaOf: { variable: string; property: string } | null): GraphReply | null {
    switch (node.kind) {
      case 'and':
      case 'or':
        return this.check(node.left, lambdaOf) ?? this.check(node.right, lambdaOf);
      case 'not':
        if (!this.advanced) return operatorNeedsAdvanced('not');
        return this.check(node.operand, lambdaOf);
      case 'compare': {
        if (node.operator === 'ne' && !this.advanced) return operatorNeedsAdvanced('ne');
        const property = this.propertyOf(node.left, lambdaOf) ?? this.propertyOf(node.right, lambdaOf);
        if (!property) return unsupportedQuery();
        const literal =
          node.left.kind === 'literal' ? node.left.literal : node.right.kind === 'literal' ? node.right.literal : null;
        if (!literal) return unsupportedProperty(this.resource, property.name);
        const wanted: Capability[] = [];
        if (literal.kind === 'null') wanted.push('null');
        if (node.operator === 'eq' && literal.kind !== 'null') wanted.push('eq');
        if (node.operator === 'ne') wanted.push('ne');
        if (['gt', 'ge', 'lt', 'le'].includes(node.operator)) wanted.push('range');
        return this.require(property, wanted);
      }
      case 'in': {
        const property = this.propertyOf(node.left, lambdaOf);
        if (!property) return unsupportedQuery();
        if (!this.advanced && node.values.length > MAX_IN_VALUES) {
          return graphError(
            400,
            'Request_UnsupportedQuery',
            `Too many child clauses specified in search filter expression containing 'OR' operators: ${node.values.length}. Max allowed: ${MAX_IN_VALUES}.`,
          );
        }
        return this.require(property, ['in']);
      }
      case 'function': {
        if (node.name === 'endswith' && !this.advanced) return operatorNeedsAdvanced('endsWith');
        const property = this.propertyOf(node.target, lambdaOf);
        if (!property) return unsupportedQuery();
        if (node.argument.kind !== 'literal') return unsupportedProperty(this.resource, property.name);
        const capability: Capability =
          node.name === 'startswith' ? 'startsWith' : node.name === 'endswith' ? 'endsWith' : 'contains';
        return this.require(property, [capability]);
      }
      case 'lambda': {
        const [name] = node.collection as [string];
        if (node.collection.length !== 1 || node.quantifier === 'all' || !this.resource.filter.has(name)) {
          return unsupportedProperty(this.resource, name);
        }
        if (name === 'identities') {
          const refused = checkIdentitiesClause(node.predicate, node.variable, this.resource);
          if (refused) return refused;
        }
        if (isBareAny(node)) return this.require({ name, viaLambda: true }, ['eq']);
        return this.check(node.predicate, { variable: node.variable, property: name });
      }
      case 'value': {
        const property = this.propertyOf(node.operand, lambdaOf);
        return property ? unsupportedProperty(this.resource, property.name) : unsupportedQuery();
      }
    }
  }

  /** The filterable property an operand stands for: itself, or the lambda's collection. */
  private propertyOf(
    operand: Operand,
    lambdaOf: { variable: string; property: string } | null,
  ): { name: string; viaLambda: boolean } | null {
    if (operand.kind !== 'property') return null;
    const [head] = operand.path as [string];
    if (lambdaOf && head === lambdaOf.variable && operand.path.length === 1)
      return { name: lambdaOf.property, viaLambda: true };
    // A member of a complex element: `x/skuId` in assignedLicenses/any(x:...).
    if (lambdaOf && head === lambdaOf.variable)
      return { name: [lambdaOf.property, ...operand.path.slice(1)].join('/'), viaLambda: true };
    return { name: operand.path.length === 1 ? head : operand.path.join('/'), viaLambda: false };
  }

  private require(property: { name: string; viaLambda: boolean }, wanted: Capability[]): GraphReply | null {
    const support = this.resource.filter.get(property.name);
    const isCollection = findProperty(this.resource, property.name)?.type.startsWith('Collection(') ?? false;
    // A multi-valued property is only filterable through a lambda, a single value never is; a
    // member path (`assignedLicenses/skuId`, `signInActivity/lastSignInDateTime`) names itself.
    const member = property.name.includes('/');
    // Graph names the property of the resource, not the member path.
    const named = property.name.split('/')[0] as string;
    if (!support || (!member && isCollection !== property.viaLambda)) return unsupportedProperty(this.resource, named);
    for (const capability of wanted) {
      if (support.byDefault.has(capability)) continue;
      if (support.advanced.has(capability) && this.advanced) continue;
      return unsupportedProperty(this.resource, named);
    }
    return null;
  }
}

function unsupportedQuery(): GraphReply {
  return graphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');
}
