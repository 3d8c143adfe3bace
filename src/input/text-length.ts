/**
 * A text's length as every limit counts it: in code points, so an emoji or a rare Han character is one
 * character, not the two UTF-16 units of JavaScript's `length`. JSON Schema's `maxLength` counts so,
 * and zod's `.max()` does too (since zod 4.6, test/input/json-schemas.test.ts holds it to that), so a
 * message telling a length tells it by the rule that refused it.
 */
export function textLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) continue;
    const next = text.charCodeAt(i + 1);
    // A lone half counts as one, as in JSON Schema: only a whole pair is one character of two units.
    if (next >= 0xdc00 && next <= 0xdfff) {
      length--;
      i++;
    }
  }
  return length;
}
