/** A federation router resolving 50 User references (`_entities`). */
const REFERENCES = 50;

export default {
  name: 'federation-user-references',
  title: '50 federation User references (_entities)',
  auth: 'delegated',
  nested: false,
  async variables(emulator) {
    const page = await emulator.graphGet(`/users?$top=${REFERENCES}&$select=id`);
    return { representations: page.value.map((user) => ({ __typename: 'User', id: user.id })) };
  },
  operation: `query UserReferences($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on User { id displayName jobTitle }
  }
}`,
  mesh: {
    unsupported: 'Mesh (OData handler) serves no Apollo Federation subgraph: no @key entities and no _entities field',
  },
  /** Wave 1: the 50 users by id. */
  minimalReads(data) {
    return [data._entities.length];
  },
};
