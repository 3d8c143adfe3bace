import { LocatedError, ValidationError } from '../errors.js';
import { linkedOutside } from '../input/linked-outside.js';
import { longMarkRun } from '../input/mark-runs.js';
import { rawControls } from '../input/raw-controls.js';
import { readTextFile } from '../input/read-text-file.js';
import { relativeInside } from '../path-inside.js';
import { tagLimitProblem } from './tag-limits.js';
import { lineColumn } from './template-tags.js';

/**
 * The text of a template file (a letter template, a partial, an e-mail cover note), read with the
 * checks every input file gets: a regular file of at most 1 MiB, UTF-8 text without control characters, and, for a workspace's
 * own templates, no symbolic link leading out of the workspace. A UTF-8 byte order mark is dropped (readTextFile).
 * One with more Handlebars expressions than a letter needs, or blocks nested deeper, is refused here,
 * before anything parses or compiles it: compiling costs memory by the expression.
 */
export function readTemplate(file: string, workspace: string): string {
  if (relativeInside(workspace, file) !== undefined) {
    const outside = linkedOutside(workspace, file);
    if (outside) throw new LocatedError({ file, path: '', message: outside, severity: 'error' });
  }
  const read = readTextFile(file, 'template');
  if ('message' in read) throw new LocatedError({ file, line: read.line, column: read.column, path: '', message: read.message, severity: 'error' });
  // As in a YAML file: a template's words go into every letter, and raw to the terminal in a preview.
  const controls = rawControls(read.text);
  if (controls.length > 0) {
    throw new ValidationError(
      controls.map(({ offset, message }) => ({ file, ...lineColumn(read.text, offset), path: '', message, severity: 'error' as const })),
    );
  }
  // Counted as written, before composing joins a letter and its first mark.
  const run = longMarkRun(read.text);
  if (run) throw new LocatedError({ file, ...lineColumn(read.text, run.index), path: '', message: run.message, severity: 'error' });
  // Composed (NFC), as the YAML files' texts are (read-yaml.ts): a lone combining mark is set apart by pdftotext.
  const text = read.text.normalize('NFC');
  const refused = tagLimitProblem(text);
  if (refused) throw new LocatedError({ file, ...refused, path: '', severity: 'error' });
  return text;
}
