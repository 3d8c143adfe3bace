// Where a text that JSON.parse refused goes wrong, as a line and column: node's message gives a
// position for some mistakes and for others only a snippet of the text, so a damaged manifest of ten
// thousand rows was "not valid JSON" somewhere. Read without recursion, so nesting cannot overflow the stack.

export interface JsonErrorPlace {
  line: number;
  column: number;
  /** What is found there: a character, or the end of the text. */
  found: string;
}

/** An escape JSON allows in a string, as its strings and the search for a bad one read it. */
const ESCAPE = String.raw`\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})`;

const TOKENS = {
  string: new RegExp(String.raw`"(?:[^"\\\u0000-\u001f]|${ESCAPE})*"`, 'y'),
  number: /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y,
  literal: /true|false|null/y,
  space: /[ \t\n\r]*/y,
};

/** The first place where `text` is not JSON, or undefined when it is. */
export function jsonErrorAt(text: string): JsonErrorPlace | undefined {
  let at = 0;
  /** The containers open, innermost last: `{` or `[`. */
  const open: string[] = [];
  // What may come next: a value, a value or `]` (after `[`), a key or `}` (after `{`), a key, `:`, `,` or the close.
  let expect: 'value' | 'value-or-close' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close' = 'value';
  const match = (token: RegExp) => {
    token.lastIndex = at;
    return token.exec(text) ? token.lastIndex : undefined;
  };
  for (;;) {
    at = match(TOKENS.space)!;
    const ch = text[at];
    if (ch === undefined) return open.length === 0 && expect === 'comma-or-close' ? undefined : place(text, at);
    if (open.length === 0 && expect === 'comma-or-close') return place(text, at);
    if (expect === 'colon') {
      if (ch !== ':') return place(text, at);
      at++;
      expect = 'value';
    } else if (expect === 'comma-or-close') {
      const inner = open.at(-1);
      if (ch === ',') expect = inner === '{' ? 'key' : 'value';
      else if ((ch === '}' && inner === '{') || (ch === ']' && inner === '[')) open.pop();
      else return place(text, at);
      at++;
    } else if (expect === 'key' || expect === 'key-or-close') {
      if (ch === '}' && expect === 'key-or-close') {
        open.pop();
        at++;
        expect = 'comma-or-close';
      } else {
        if (ch !== '"') return place(text, at);
        const end = match(TOKENS.string);
        if (end === undefined) return place(text, badInString(text, at));
        at = end;
        expect = 'colon';
      }
    } else if (ch === ']' && expect === 'value-or-close') {
      open.pop();
      at++;
      expect = 'comma-or-close';
    } else if (ch === '{' || ch === '[') {
      open.push(ch);
      at++;
      expect = ch === '{' ? 'key-or-close' : 'value-or-close';
    } else {
      const end = match(ch === '"' ? TOKENS.string : /[-\d]/.test(ch) ? TOKENS.number : TOKENS.literal);
      if (end === undefined) return place(text, ch === '"' ? badInString(text, at) : at);
      at = end;
      expect = 'comma-or-close';
    }
  }
}

/** Where the string opened at `at` goes wrong: a control character, a bad escape, or the text's end. */
function badInString(text: string, at: number): number {
  const escape = new RegExp(ESCAPE, 'y');
  for (let i = at + 1; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x20) return i;
    if (text[i] === '\\') {
      escape.lastIndex = i;
      if (!escape.exec(text)) return i;
      i = escape.lastIndex - 1;
    }
  }
  return text.length;
}

function place(text: string, at: number): JsonErrorPlace {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: at - start + 1, found: at < text.length ? String.fromCodePoint(text.codePointAt(at)!) : '' };
}
