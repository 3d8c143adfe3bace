// YAML syntax errors in the user's words (issue 10, item 8): one message per place, with the fix,
// not the parser's own wording.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/read-yaml.js';

function messages(text: string): string[] {
  const read = parseYaml('f.yaml', text);
  return read.ok ? [] : read.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

describe('YAML syntax errors', () => {
  it.each([
    ['a:\n\t- b\n', '2:1 YAML syntax error: this line is indented with a tab: indent with spaces only.'],
    ['a: "x\\q"\n', '1:6 YAML syntax error: a backslash in double quotes starts an escape, and this one is unknown'],
    ['a: @x\n', "1:4 YAML syntax error: a value cannot start with `@`: put the whole value in quotes, e.g. `'@...'`."],
    ['a: b: c\n', '1:4 YAML syntax error: a second `key:` on this line'],
    ['key\nother: 1\n', '1:1 YAML syntax error: a line without `key:` where a key is expected'],
    ['a: [b, c\nd: e\n', '2:1 YAML syntax error: a list opened with `[` is not closed: add the `]` at its end.'],
    ['a: {b: 1\n', '2:1 YAML syntax error: a mapping opened with `{` is not closed'],
    ['a:\n  - b\n c: d\n', '3:1 YAML syntax error: this line is not lined up with the keys above it'],
  ])('%j', (text, expected) => {
    const got = messages(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(expected);
    expect(got[0]).not.toMatch(/Implicit keys|compact mappings|Plain value|reserved character|Flow (map|sequence)|parseAllDocuments/);
  });
});
