/** Graph's `@odata.type`, present on every item of a directoryObject collection. */
export function odataTypeOf(object: object): string | undefined {
  const value: unknown = (object as { '@odata.type'?: unknown })['@odata.type'];
  return typeof value === 'string' ? value : undefined;
}
