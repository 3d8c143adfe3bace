// Handlebars compiles a template into JavaScript that takes some 20 to 30 KB of memory for each
// expression: 30,000 `{{sender.name}}` in a body took 600 MB before any limit on the letter's length
// stopped it, 100,000 `{{title}}` took 2.9 GB. The expressions are counted from the tags alone, before
// Handlebars parses the text.
import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_EXPRESSIONS, templateSizeProblem } from '../../src/compose/template-size.js';

describe('templateSizeProblem', () => {
  it('takes a template of the limit', () => {
    expect(templateSizeProblem('{{title}} '.repeat(MAX_TEMPLATE_EXPRESSIONS))).toBeUndefined();
  });

  it('refuses the expression past the limit, at its line and column', () => {
    const text = `Intro\n${'{{sender.name}}\n'.repeat(MAX_TEMPLATE_EXPRESSIONS)}Text {{sender.name}}`;
    expect(templateSizeProblem(text)).toEqual({
      line: MAX_TEMPLATE_EXPRESSIONS + 2,
      column: 6,
      message: expect.stringMatching(/^more than 2,000 Handlebars expressions .*a few hundred at most.* \{\{#each\}\}/),
    });
  });

  it('counts the values and sub-expressions inside a tag, which cost as much to compile', () => {
    const half = MAX_TEMPLATE_EXPRESSIONS / 2;
    expect(templateSizeProblem(`{{#each timeline}}x{{/each}}`.repeat(half / 1.5))).toBeUndefined();
    expect(templateSizeProblem(`{{list ${'(lookup people 0) '.repeat(half)}}}`)).toMatchObject({ line: 1, column: 1 });
    expect(templateSizeProblem(`{{list ${'a=b '.repeat(MAX_TEMPLATE_EXPRESSIONS)}}}`)).toMatchObject({ line: 1, column: 1 });
  });

  it('does not count comments or escaped tags, which compile to text', () => {
    expect(templateSizeProblem('{{! a note }}{{!-- {{x}} {{y}} --}}\\{{title}}'.repeat(MAX_TEMPLATE_EXPRESSIONS))).toBeUndefined();
  });

  it('reads a megabyte of tags quickly', () => {
    const started = performance.now();
    expect(templateSizeProblem('{{a}}'.repeat(200_000))).toMatchObject({ line: 1, column: MAX_TEMPLATE_EXPRESSIONS * 5 + 1 });
    expect(templateSizeProblem(`{{a ${'b '.repeat(500_000)}}}`)).toMatchObject({ line: 1, column: 1 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
