// One rule for every language: a salutation gets its language's final punctuation ("Señor Presidente:",
// "Dear President,") only when the case or directory wrote it without any; written punctuation is kept.

/** Punctuation that may end a salutation as written: "Dear President,", "Señor Presidente:", "Уважаемый…!". */
const FINAL = /[,:;.!?…]$/u;

/** `salutation` with `end` appended unless it already ends with punctuation of its own. */
export function endSalutation(salutation: string, end: string): string {
  const text = salutation.trimEnd();
  return text === '' || FINAL.test(text) ? text : `${text}${end}`;
}
