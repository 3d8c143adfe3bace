// The part of the `hyphen` package this project uses (the package ships no types): its hyphenator
// factory, which export-contract.js and every pattern module call.
declare module 'hyphen/hyphen.js' {
  /** A synchronous hyphenator of `patterns` (a pattern module's `[levels, trie, exceptions]`). */
  export default function createHyphenator(
    patterns: unknown,
    options?: { hyphenChar?: string; minWordLength?: number },
  ): (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
}
