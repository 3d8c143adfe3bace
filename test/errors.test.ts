// Messages cannot forge the terminal (issue 10, item 4): control characters in a file name, a field
// or a value are shown as escapes, never sent raw.
import { describe, expect, it } from 'vitest';
import { escapeControls, formatProblem } from '../src/errors.js';

describe('escapeControls', () => {
  it('writes C0, DEL, C1, separators and bidirectional controls as escapes', () => {
    expect(escapeControls('a\x1b[2K\rb\n\t\x00\x7f\x9b')).toBe('a\\x1b[2K\\rb\\n\\t\\x00\\x7f\\x9b');
    expect(escapeControls('x\u202ey\u2066z\u2028\u200f')).toBe('x\\u202ey\\u2066z\\u2028\\u200f');
  });

  it('leaves printable text of any script alone', () => {
    const text = 'Ерлан Балтабай, Confédération « syndicale », 中文, عربي, C:\\path';
    expect(escapeControls(text)).toBe(text);
  });
});

describe('formatProblem', () => {
  it('escapes ESC and CR in the file name, the field and the message, so one problem stays one line', () => {
    const line = formatProblem({
      file: 'cases/evil\x1b[2K\r.yaml',
      line: 2,
      column: 8,
      path: 'people[0].name',
      message: 'the text `Erlan\x1b[2K\rcases/good.yaml: ok (case)` holds control characters',
      severity: 'error',
    });
    expect(line).toBe('cases/evil\\x1b[2K\\r.yaml:2:8: error: people[0].name: the text `Erlan\\x1b[2K\\rcases/good.yaml: ok (case)` holds control characters');
    expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });
});
