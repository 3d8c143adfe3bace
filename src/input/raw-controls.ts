/**
 * Control characters that have no business in a letter's text: C0 but tab and newline, DEL, C1,
 * bidirectional overrides and isolates, and invisible ones that break lines or headers: the line and
 * paragraph separators (a line break to some programs and none to others, in the PDF and in an
 * e-mail's Subject), the deprecated format characters. Joiners (U+200D, U+FEFF inside a word), soft
 * hyphens and directional marks are left: scripts and words need them, and the layout keeps them.
 */
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u206f]/g;
const C0_NAMES = 'NUL SOH STX ETX EOT ENQ ACK BEL BS TAB LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US'.split(' ');
const BIDI_NAMES: Record<number, string> = {
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};
const INVISIBLE_NAMES: Record<number, string> = {
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x206a: 'INHIBIT SYMMETRIC SWAPPING',
  0x206b: 'ACTIVATE SYMMETRIC SWAPPING',
  0x206c: 'INHIBIT ARABIC FORM SHAPING',
  0x206d: 'ACTIVATE ARABIC FORM SHAPING',
  0x206e: 'NATIONAL DIGIT SHAPES',
  0x206f: 'NOMINAL DIGIT SHAPES',
};
/** More of these in one file are summed up, not listed: a binary file would give thousands. */
const MAX_CONTROL_PROBLEMS = 20;

/** "control character U+001B (ESC)" or "bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE)". */
export function controlName(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (BIDI_NAMES[code]) return `bidirectional control character ${hex} (${BIDI_NAMES[code]})`;
  if (INVISIBLE_NAMES[code]) return `invisible character ${hex} (${INVISIBLE_NAMES[code]})`;
  const name = code < 0x20 ? C0_NAMES[code] : code === 0x7f ? 'DEL' : undefined;
  return `control character ${hex}${name ? ` (${name})` : ''}`;
}

/**
 * Each control character written in a file itself (a YAML file, a template), at its own offset. A CR is
 * fine only as part of a CRLF line end.
 */
export function rawControls(text: string): { offset: number; message: string }[] {
  // No LF at all: the file's lines end in a CR alone, which is one problem, not one per line.
  const lone = text.indexOf('\r');
  if (lone >= 0 && !text.includes('\n')) {
    return [
      {
        offset: lone,
        message:
          'the lines of this file end with a CR alone (U+000D, the line end of classic Mac OS), which is not read as a line end here: save the file with LF or CRLF line ends (most editors offer it beside the encoding).',
      },
    ];
  }
  const found: { offset: number; message: string }[] = [];
  for (const m of text.matchAll(CONTROL)) {
    if (m[0] === '\r' && text[m.index + 1] === '\n') continue;
    if (found.length === MAX_CONTROL_PROBLEMS) {
      found.push({ offset: m.index, message: 'more control characters follow; remove them all (the file may not be a text file).' });
      break;
    }
    const bidi = BIDI_NAMES[m[0].codePointAt(0)!] !== undefined;
    found.push({
      offset: m.index,
      message: `${controlName(m[0])} is not allowed: ${bidi ? 'it can make text read differently from what is printed. Delete it; right-to-left scripts show correctly without it.' : 'it is invisible in most editors but would reach the letter. Delete it, or retype the text around it.'}`,
    });
  }
  return found;
}
