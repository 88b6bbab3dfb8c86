/**
 * JSON-schema pieces shared by the REST routes. Bodies are objects whose unknown properties are
 * refused, not ignored; ids are numeric strings short enough to be a database id.
 */
export const ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9]{1,18}$' } } } as const;

export const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
