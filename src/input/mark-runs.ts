/**
 * Most combining marks in a row that a text may hold: Unicode's stream-safe text format (UAX #15)
 * allows 30, more than any script stacks on one letter. fontkit places each mark by going back over
 * the marks before it, so a letter with 100,000 of them ("Zalgo" text, a paste gone wrong) took many
 * minutes to set; 30 cost nothing.
 */
export const MAX_MARKS = 30;

const RUN = new RegExp(`\\p{M}{${MAX_MARKS + 1},}`, 'u');

/** The first run of more than MAX_MARKS combining marks in a text: where it starts (UTF-16 index), how long it is, and what to do. */
export function longMarkRun(text: string): { index: number; length: number; message: string } | undefined {
  const m = RUN.exec(text);
  if (!m) return undefined;
  const length = [...m[0]].length;
  const first = `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    index: m.index,
    length,
    message: `${length.toLocaleString('en')} combining marks in a row (${first} first) on one character: no script needs more than ${MAX_MARKS}, and so many would take minutes to set. Remove the extra marks.`,
  };
}
