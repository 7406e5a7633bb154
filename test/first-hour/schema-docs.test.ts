import { readFileSync } from 'node:fs';
import { renderSchemaDocs, SCHEMA_DOCS_PATH } from '../../scripts/schema-docs';

describe('docs/schema.md', () => {
  const rendered = renderSchemaDocs();

  it('is exactly what `npm run docs:schema` generates from schema/*.graphql (run it after editing the schema)', () => {
    expect(readFileSync(SCHEMA_DOCS_PATH, 'utf8')).toBe(rendered);
  });

  it('documents fields with their arguments, enums and inputs from the docstrings, without Federation internals', () => {
    expect(rendered).toContain(
      '| `users(first: Int = 100, after: String, filter: UserFilter, search: String)` | `UserConnection!` |',
    );
    expect(rendered).toMatch(/### PlannerTaskStatus\n\n\*enum\*/);
    expect(rendered).toMatch(/### UpdatePlannerTaskInput\n\n\*input\*/);
    expect(rendered).toContain('| `COMPLETED` |');
    expect(rendered).not.toMatch(/_entities|_service|_Any|link__/);
  });
});
