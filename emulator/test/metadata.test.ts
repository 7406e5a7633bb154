import { createTestEmulator, graphGet, type Emulator } from '../src/testing';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

/**
 * A strict little XML reader for the test: one root, matching tags, quoted and unique
 * attributes, only the five predefined entities (or character references), no stray markup.
 */
function parseXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const checkText = (chunk: string) => {
    if (chunk.includes('<') || chunk.includes('>')) throw new Error(`stray markup in text: ${chunk}`);
    for (const entity of chunk.match(/&[^;]*;?/g) ?? []) {
      if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(entity)) throw new Error(`bad entity ${entity}`);
    }
  };
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const next = body.indexOf('<', i);
    const textEnd = next === -1 ? body.length : next;
    const chunk = body.slice(i, textEnd);
    if (chunk.trim() !== '') {
      if (stack.length === 0) throw new Error(`text outside the root: ${chunk}`);
      checkText(chunk);
    }
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(body);
    if (!match) throw new Error(`malformed tag at ${next}: ${body.slice(next, next + 60)}`);
    const [, closing, name, rawAttributes, selfClosing] = match as unknown as [string, string, string, string, string];
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of rawAttributes.matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g) as IterableIterator<
        [string, string, string]
      >) {
        if (key in attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
        checkText(value);
        attributes[key] = value;
      }
      const element: XmlElement = { name, attributes, children: [] };
      if (stack.length > 0) (stack[stack.length - 1] as XmlElement).children.push(element);
      else if (root) throw new Error('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0 || !root) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  return root;
}

function all(element: XmlElement, name: string): XmlElement[] {
  return [...(element.name === name ? [element] : []), ...element.children.flatMap((child) => all(child, name))];
}

describe('GET /$metadata', () => {
  let emu: Emulator;
  let text: string;
  let schema: XmlElement;

  beforeAll(async () => {
    emu = createTestEmulator({ users: 5 });
    const res = await graphGet(emu, '/v1.0/$metadata', { token: 'none' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml;charset=utf-8');
    text = res.text;
    const root = parseXml(text);
    expect(root.name).toBe('edmx:Edmx');
    expect(root.attributes).toEqual({ Version: '4.0', 'xmlns:edmx': 'http://docs.oasis-open.org/odata/ns/edmx' });
    schema = all(root, 'Schema')[0] as XmlElement;
  });

  it('is a well-formed EDMX 4.0 document with the microsoft.graph schema, served without a token', () => {
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<edmx:Edmx')).toBe(true);
    expect(schema.attributes).toEqual({
      Namespace: 'microsoft.graph',
      Alias: 'graph',
      xmlns: 'http://docs.oasis-open.org/odata/ns/edm',
    });
  });

  it('rejects what a strict XML reader would reject (the checker itself can fail)', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow('</a> closes <b>');
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow('duplicate attribute x on <a>');
    expect(() => parseXml('<a>fish & chips</a>')).toThrow('bad entity & chips');
    expect(() => parseXml('<a/><b/>')).toThrow('a second root element');
  });

  it('declares the directory, Planner and To Do entity types', () => {
    const names = all(schema, 'EntityType').map((e) => e.attributes.Name);
    for (const name of [
      'entity',
      'directoryObject',
      'user',
      'group',
      'device',
      'servicePrincipal',
      'orgContact',
      'directoryRole',
      'planner',
      'plannerUser',
      'plannerGroup',
      'plannerPlan',
      'plannerBucket',
      'plannerTask',
      'plannerTaskDetails',
      'todo',
      'todoTaskList',
      'todoTask',
    ]) {
      expect(names).toContain(name);
    }
    const complex = Object.fromEntries(
      all(schema, 'ComplexType').map((c) => [c.attributes.Name, c.attributes.OpenType ?? 'false']),
    );
    expect(complex).toMatchObject({
      dateTimeTimeZone: 'false',
      itemBody: 'false',
      identity: 'true',
      identitySet: 'true',
      plannerAssignments: 'true',
      plannerAppliedCategories: 'true',
      plannerChecklistItems: 'true',
    });
  });

  it('declares the navigation properties clients follow', () => {
    const navigation = (typeName: string) =>
      Object.fromEntries(
        all(schema, 'EntityType')
          .find((e) => e.attributes.Name === typeName)
          ?.children.filter((c) => c.name === 'NavigationProperty')
          .map((c) => [c.attributes.Name, `${c.attributes.Type}${c.attributes.ContainsTarget ? ' contained' : ''}`]) ??
          [],
      );
    expect(navigation('user')).toEqual({
      manager: 'microsoft.graph.directoryObject',
      directReports: 'Collection(microsoft.graph.directoryObject)',
      memberOf: 'Collection(microsoft.graph.directoryObject)',
      transitiveMemberOf: 'Collection(microsoft.graph.directoryObject)',
      planner: 'microsoft.graph.plannerUser contained',
      todo: 'microsoft.graph.todo contained',
    });
    expect(navigation('group')).toMatchObject({
      members: 'Collection(microsoft.graph.directoryObject)',
      owners: 'Collection(microsoft.graph.directoryObject)',
      transitiveMembers: 'Collection(microsoft.graph.directoryObject)',
      planner: 'microsoft.graph.plannerGroup contained',
    });
    expect(navigation('plannerGroup')).toEqual({ plans: 'Collection(microsoft.graph.plannerPlan) contained' });
    expect(navigation('plannerPlan')).toEqual({
      buckets: 'Collection(microsoft.graph.plannerBucket) contained',
      tasks: 'Collection(microsoft.graph.plannerTask) contained',
    });
    expect(navigation('plannerTask')).toEqual({ details: 'microsoft.graph.plannerTaskDetails contained' });
    expect(navigation('todo')).toEqual({ lists: 'Collection(microsoft.graph.todoTaskList) contained' });
    expect(navigation('todoTaskList')).toEqual({ tasks: 'Collection(microsoft.graph.todoTask) contained' });
  });

  it('exposes users, groups and directoryObjects as entity sets, and me and planner as singletons', () => {
    const container = all(schema, 'EntityContainer')[0] as XmlElement;
    const sets = Object.fromEntries(
      all(container, 'EntitySet').map((s) => [s.attributes.Name, s.attributes.EntityType]),
    );
    expect(sets).toMatchObject({
      users: 'microsoft.graph.user',
      groups: 'microsoft.graph.group',
      directoryObjects: 'microsoft.graph.directoryObject',
    });
    const singletons = Object.fromEntries(
      all(container, 'Singleton').map((s) => [s.attributes.Name, s.attributes.Type]),
    );
    expect(singletons).toEqual({ me: 'microsoft.graph.user', planner: 'microsoft.graph.planner' });
    const users = all(container, 'EntitySet').find((s) => s.attributes.Name === 'users') as XmlElement;
    expect(users.children.map((b) => [b.attributes.Path, b.attributes.Target])).toContainEqual([
      'manager',
      'directoryObjects',
    ]);
  });

  it('refers only to types it declares or to Edm primitives', () => {
    const declared = new Set(
      ['EntityType', 'ComplexType', 'EnumType'].flatMap((kind) =>
        all(schema, kind).map((e) => `microsoft.graph.${e.attributes.Name}`),
      ),
    );
    const references = [
      ...all(schema, 'Property').map((p) => p.attributes.Type),
      ...all(schema, 'NavigationProperty').map((p) => p.attributes.Type),
      ...all(schema, 'Parameter').map((p) => p.attributes.Type),
      ...all(schema, 'ReturnType').map((p) => p.attributes.Type),
      ...all(schema, 'EntityType')
        .map((e) => e.attributes.BaseType)
        .filter(Boolean),
      ...all(schema, 'EntitySet').map((e) => e.attributes.EntityType),
      ...all(schema, 'Singleton').map((e) => e.attributes.Type),
    ] as string[];
    const unresolved = references
      .map((type) => type.replace(/^Collection\((.*)\)$/, '$1'))
      .filter((type) => !type.startsWith('Edm.') && !declared.has(type));
    expect(unresolved).toEqual([]);
    // Every entity type has a key, directly or through its base type.
    const entity = all(schema, 'EntityType').find((e) => e.attributes.Name === 'entity') as XmlElement;
    expect(entity.children[0]).toEqual({
      name: 'Key',
      attributes: {},
      children: [{ name: 'PropertyRef', attributes: { Name: 'id' }, children: [] }],
    });
  });

  it('is the same document on /beta', async () => {
    const beta = await graphGet(emu, '/beta/$metadata', { token: 'none' });
    expect(beta.text).toBe(text);
  });
});
