// The build writes dist/'s bundles in ASCII (scripts/ascii-source.ts), escaping what esbuild leaves as
// written: each escape must mean what the character meant, and the build must fail where it would not.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiSource } from '../../scripts/ascii-source.js';

/** The `result` a script sets, run as written. */
const run = (code: string): unknown => JSON.parse(runInNewContext(`${code}\nJSON.stringify(result);`) as string);

describe('asciiSource', () => {
  it('escapes regular expressions, strings, templates and comments to the same meaning', () => {
    const code = [
      'var result = (function () {',
      '/* © */ const months = /^(jänner|märz|мая)$/i;',
      "const astral = /^[😀-😎]$/u; const cls = /[^ä]/; const escaped = /\\é/; const str = '\\é—';",
      'const t = `Grüße ${1 + 1} 中文`;',
      "return [months.test('MÄRZ'), months.test('МАЯ'), astral.test('😃'), cls.test('ä'), escaped.test('é'), str, t];",
      '})();',
    ].join('\n');
    const ascii = asciiSource(code, 'b.cjs');
    expect(ascii).toMatch(/^[\u0000-\u007f]*$/);
    expect(run(ascii)).toEqual(run(code));
    expect(run(code)).toEqual([true, true, true, false, true, 'é—', 'Grüße 2 中文']);
    expect(asciiSource('const a = 1;', 'b.cjs')).toBe('const a = 1;');
  });

  it('fails on a tagged template or a line continuation an escape would change', () => {
    expect(() => asciiSource('const r = String.raw; r`ü`;', 'b.cjs')).toThrow(/b\.cjs:1: a template literal holds a character above U\+007F/);
    expect(() => asciiSource('const tag = (s) => s.raw;\n\ntag`é${1}`;', 'b.cjs')).toThrow(/b\.cjs:3:/);
    expect(() => asciiSource('const t = `a\\\u2028b`;', 'b.cjs')).toThrow(/b\.cjs:1:/);
    // Untagged, an escape keeps the value.
    expect(asciiSource('const t = `é`;', 'b.cjs')).toBe('const t = `\\u00e9`;');
  });
});
