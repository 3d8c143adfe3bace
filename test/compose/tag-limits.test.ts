import { describe, expect, it } from 'vitest';
import { tagLimitProblem } from '../../src/compose/tag-limits.js';

describe('tagLimitProblem', () => {
  it('takes a real letter', () => {
    expect(tagLimitProblem('On {{date letter.date}}, {{#each people}}{{name}}{{/each}}.')).toBeUndefined();
  });

  it('refuses 3,000 blocks inside each other where they first go wrong: too deep before too many', () => {
    expect(tagLimitProblem(`${'{{#if person}}'.repeat(3000)}x${'{{/if}}'.repeat(3000)}`)).toMatchObject({
      line: 1,
      column: 64 * '{{#if person}}'.length + 1,
      message: expect.stringMatching(/nested more than 64 levels deep/),
    });
  });

  it('refuses too many expressions before blocks nested too deep further on', () => {
    const text = `${'{{title}}\n'.repeat(2500)}${'{{#if person}}'.repeat(100)}x${'{{/if}}'.repeat(100)}`;
    expect(tagLimitProblem(text)).toMatchObject({ line: 2001, column: 1, message: expect.stringMatching(/^more than 2,000 Handlebars expressions/) });
  });
});
