// What the build changes in the packages it bundles (scripts/build.ts), each change failing the build
// when the text it replaces is no longer there. Apart from build.ts so that tests can bundle with them.
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** Text replacements in a package's file, failing the build when the text they replace has changed. */
function patch(name: string, filter: RegExp, replacements: [from: string, to: string][]): Plugin {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async ({ path }) => {
        let text = await readFile(path, 'utf8');
        for (const [from, to] of replacements) {
          if (!text.includes(from)) throw new Error(`${path} changed: update ${name} in scripts/bundle-patches.ts`);
          text = text.replaceAll(from, to);
        }
        return { contents: text, loader: 'js' };
      });
    },
  };
}

/**
 * yargs finds its locales (and the package.json it reads options from) from its own file's place: bundled,
 * that place is a chunk of dist/. Point it back at the installed yargs, wherever npm put it. Its two
 * checks of its own arguments use Node's assert, whose loading was a twentieth of `letters --help`:
 * the same two checks (Object.is, as assert's) without it.
 */
export const yargsOwnPlace = patch('yargs-own-place', /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/, [
  [
    "import { notStrictEqual, strictEqual } from 'assert'",
    'const notStrictEqual = (a, e, m) => { if (Object.is(a, e)) throw new Error(m ?? `${a} is not to be ${e}`); };\n' +
      'const strictEqual = (a, e, m) => { if (!Object.is(a, e)) throw new Error(m ?? `${a} is to be ${e}`); };',
  ],
  [
    'const __dirname = fileURLToPath(import.meta.url);',
    "const __dirname = resolve(dirname(createRequire(import.meta.url).resolve('yargs')), 'lib/platform-shims/esm.mjs');",
  ],
]);

/**
 * pdfkit, two changes:
 * - it reads its standard fonts (through its package.json's `#standard-fonts/*` imports) and its sRGB
 *   profile from its own folder: point both back at the installed pdfkit;
 * - every new document's file ID is the MD5 of its info dictionary's text, which pdfkit hashes with
 *   @noble/hashes's MD5 in JavaScript: some 40 µs of a warm letter's 1.3 ms. Node's own MD5 gives the
 *   same 16 bytes (the text as UTF-8 either way) in a microsecond or two;
 * - a PDF string (a link's URI, the info's title, a font's registry) is written by making its bytes
 *   and then text of them again, some 8 µs each, a dozen a letter. Unencrypted and ASCII, its bytes
 *   are its characters: it is escaped as it is. A date's two-digit fields were padded by joining an
 *   array: padStart gives the same text.
 */
export const pdfkitPatched = patch('pdfkit', /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/, [
  ['const require$1 = createRequire(import.meta.url);', "const require$1 = createRequire(createRequire(import.meta.url).resolve('pdfkit'));"],
  [
    "import { createRequire } from 'module';",
    "import { createRequire } from 'module';\nimport { pathToFileURL } from 'url';\nimport { createHash as lettersCreateHash } from 'crypto';",
  ],
  [
    "new URL('./data/sRGB_IEC61966_2_1.icc', import.meta.url)",
    "new URL('./data/sRGB_IEC61966_2_1.icc', pathToFileURL(createRequire(import.meta.url).resolve('pdfkit')))",
  ],
  [
    '      infoStr += `${key}: ${info[key].valueOf()}\\n`;\n    }\n    return md5Hash(infoStr);',
    "      infoStr += `${key}: ${info[key].valueOf()}\\n`;\n    }\n    return lettersCreateHash('md5').update(infoStr, 'utf8').digest();",
  ],
  [
    "const pad = (str, length) => (Array(length + 1).join('0') + str).slice(-length);",
    "const pad = (str, length) => String(str).padStart(length, '0').slice(-length);",
  ],
  ['class PDFObject {', 'const lettersAscii = /^[\\x00-\\x7f]*$/;\nclass PDFObject {'],
  [
    '    } else if (object instanceof String) {\n',
    '    } else if (object instanceof String) {\n      if (!encryptFn && lettersAscii.test(object)) return `(${object.valueOf().replace(escapableRe, c => escapable[c])})`;\n',
  ],
]);

/**
 * Handlebars readies a compiled template for each call by wrapping every helper in a new function
 * (one that hands the helper the template's property lookup): fifteen closures and their object for
 * each of a letter's seven parts (reference, date, subject, greeting, body, closing, the case's own
 * body), some 25 KB and 20-30 µs a letter, the same functions each time. The wrapped helpers are kept
 * per template while its helpers are the very same (names and functions, in order) and each call gets
 * a copy of them, as it got a new object before: Handlebars then moves `helperMissing` and
 * `blockHelperMissing` out of that copy as it did.
 */
export const handlebarsHelpersKept = patch('handlebars-helpers-kept', /[\\/]handlebars[\\/]dist[\\/]cjs[\\/]handlebars[\\/]runtime\.js$/, [
  [
    '      var mergedHelpers = {};\n      addHelpers(mergedHelpers, env.helpers, container);\n      addHelpers(mergedHelpers, options.helpers, container);\n      container.helpers = mergedHelpers;\n',
    '      container.helpers = lettersMergedHelpers(container, env.helpers, options.helpers);\n',
  ],
  [
    'function addHelpers(mergedHelpers, helpers, container) {',
    `function lettersMergedHelpers(container, envHelpers, optionHelpers) {
  var kept = container.lettersHelpers;
  if (!kept || !lettersSameHelpers(kept.env, envHelpers) || !lettersSameHelpers(kept.options, optionHelpers)) {
    var merged = {};
    addHelpers(merged, envHelpers, container);
    addHelpers(merged, optionHelpers, container);
    kept = container.lettersHelpers = { env: lettersHelperList(envHelpers), options: lettersHelperList(optionHelpers), merged: merged };
  }
  return Object.assign({}, kept.merged);
}

function lettersHelperList(helpers) {
  if (!helpers) return undefined;
  var names = Object.keys(helpers);
  return { helpers: helpers, names: names, values: names.map(function (name) { return helpers[name]; }) };
}

function lettersSameHelpers(list, helpers) {
  if (!list || !helpers) return !list && !helpers;
  if (list.helpers !== helpers) return false;
  var names = Object.keys(helpers);
  if (names.length !== list.names.length) return false;
  for (var i = 0; i < names.length; i++) if (names[i] !== list.names[i] || helpers[names[i]] !== list.values[i]) return false;
  return true;
}

function addHelpers(mergedHelpers, helpers, container) {`,
  ],
]);

/**
 * string-width (three copies: yargs's, cliui's and wrap-ansi's, for the help text's columns) makes an
 * Intl.Segmenter and, in yargs's, the `\p{RGI_Emoji}` expression when it loads: some 20 ms of a fresh
 * process, a sixth of `letters --help`, spent before any text is measured. Both are made on first use
 * instead. The older copies also get the newer one's shortcut for printable ASCII, whose width is its
 * length, so the help text, all ASCII, never needs them.
 */
export const stringWidthLazy: Plugin = {
  name: 'string-width-lazy',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async ({ path }) => {
      let text = await readFile(path, 'utf8');
      // string-width 4 (cli-progress's) has neither.
      if (!text.includes('Intl.Segmenter')) return undefined;
      const replace = (from: string, to: string, required: boolean) => {
        if (text.includes(from)) text = text.replace(from, () => to);
        else if (required) throw new Error(`${path} changed: update string-width-lazy in scripts/bundle-patches.ts`);
      };
      replace(
        'const segmenter = new Intl.Segmenter();',
        'let madeSegmenter;\nconst segmenter = { segment: (text) => (madeSegmenter ??= new Intl.Segmenter()).segment(text) };',
        true,
      );
      replace(
        'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
        "let madeRgiEmojiRegex;\nconst rgiEmojiRegex = { test: (text) => (madeRgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(text) };",
        false,
      );
      if (!text.includes('Fast path: printable ASCII'))
        replace(
          '\tlet width = 0;\n',
          '\t// Printable ASCII (as in string-width 8): its width is its length.\n\tif (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n\n\tlet width = 0;\n',
          true,
        );
      return { contents: text, loader: 'js' };
    });
  },
};

/**
 * pdfkit's encryption (@noble/ciphers's AES) builds its lookup tables when it loads: some 4 ms of a new
 * process and 1.3 MB of typed arrays in every thread, for letters that are never encrypted. Made on
 * first use instead.
 */
export const aesTablesLazy = patch('aes-tables-lazy', /[\\/]@noble[\\/]ciphers[\\/]esm[\\/]aes\.js$/, [
  [
    'const tableEncoding = /* @__PURE__ */ genTtable(sbox, (s) => (mul(s, 3) << 24) | (s << 16) | (s << 8) | mul(s, 2));',
    'let tableEncodingMade;\nconst tableEncodingOf = () => (tableEncodingMade ??= genTtable(sbox, (s) => (mul(s, 3) << 24) | (s << 16) | (s << 8) | mul(s, 2)));',
  ],
  [
    'const tableDecoding = /* @__PURE__ */ genTtable(invSbox, (s) => (mul(s, 11) << 24) | (mul(s, 13) << 16) | (mul(s, 9) << 8) | mul(s, 14));',
    'let tableDecodingMade;\nconst tableDecodingOf = () => (tableDecodingMade ??= genTtable(invSbox, (s) => (mul(s, 11) << 24) | (mul(s, 13) << 16) | (mul(s, 9) << 8) | mul(s, 14)));',
  ],
  ['= tableEncoding;', '= tableEncodingOf();'],
  ['= tableDecoding;', '= tableDecodingOf();'],
]);

/**
 * linebreak (which pdfkit imports for its own line wrapping) decodes its Unicode line-break table when
 * it loads: some 3 ms of every new thread. Letters are broken into lines by src/layout and drawn with
 * `lineBreak: false`, so pdfkit never asks it for a break; should it, the table is made then.
 */
export const lineBreakTableLazy = patch('linebreak-table-lazy', /[\\/]linebreak[\\/]dist[\\/]module\.mjs$/, [
  ['const $557adaaeb0c7885f$var$data = $hJqJp$base64js.toByteArray(', 'const $557adaaeb0c7885f$var$data = () => $hJqJp$base64js.toByteArray('],
  [
    'const $557adaaeb0c7885f$var$classTrie = new $hJqJp$unicodetrie($557adaaeb0c7885f$var$data);',
    'let $557adaaeb0c7885f$var$classTrieMade;\nconst $557adaaeb0c7885f$var$classTrie = { get: (codePoint) => ($557adaaeb0c7885f$var$classTrieMade ??= new $hJqJp$unicodetrie($557adaaeb0c7885f$var$data())).get(codePoint) };',
  ],
]);

/**
 * fontkit decodes the Unicode tables of its Arabic, Indic and USE shapers (three tries, from
 * base64 and deflate) when it loads: some 2 ms of every new process and thread, for scripts a letter
 * in Latin, Greek or Cyrillic never shapes. Each is made the first time its shaper asks it for a
 * character, and is then the same table.
 */
export const fontkitShaperTriesLazy: Plugin = {
  name: 'fontkit-shaper-tries-lazy',
  setup(b) {
    // One loader for fontkit's module: esbuild takes the first that gives a file's contents.
    b.onLoad({ filter: FONTKIT_MODULE }, async ({ path }) => ({
      contents: [plainRangeRecords, searchedRanges, firstGlyphsOnly, featuresKept].reduce(
        (text, patched) => patched(text, path),
        lazyShaperTries(await readFile(path, 'utf8'), path),
      ),
      loader: 'js',
    }));
  },
};

/**
 * The range records of fontkit's coverage and class definition tables (`start`, `end` and a third
 * number, six bytes) as restructure Structs: each decoded through its generic field loop and given
 * four hidden properties (Object.defineProperties, a slow call in code not yet optimised). A cold
 * `letters generate` of the sample decoded some 5,500 of them, the class ranges of Noto Sans's kerning,
 * for a tenth of its layout time. Read as plain objects with the same three fields, in the same order:
 * nothing reads a range record's hidden properties, and fontkit only decodes these tables.
 */
export const RANGE_RECORD =
  /^let (\$\w+\$var\$(?:Class)?RangeRecord) = new \$\w+\$Struct\(\{\n {4}start: \$\w+\$uint16,\n {4}end: \$\w+\$uint16,\n {4}(startCoverageIndex|class): \$\w+\$uint16\n\}\);$/gm;

/** fontkit's module text (`path`) with its two range records read as plain objects; fails when fontkit has changed. */
export function plainRangeRecords(text: string, path: string): string {
  let count = 0;
  const contents = text.replace(RANGE_RECORD, (_, name: string, third: string) => {
    count++;
    return `let ${name} = { decode: (stream) => ({ start: stream.readUInt16BE(), end: stream.readUInt16BE(), ${third}: stream.readUInt16BE() }), size: () => 6 };`;
  });
  if (count !== 2) throw new Error(`${path} changed: update plainRangeRecords in scripts/bundle-patches.ts (${count} range records found, not 2)`);
  return contents;
}

/** fontkit's ES module, which the build bundles. */
export const FONTKIT_MODULE = /[\\/]fontkit[\\/]dist[\\/]module\.mjs$/;

/** The declarations of fontkit's shaper tries: `const $…$var$trie = new (0, $…$unicodetrie)(…);`, one line each. */
export const SHAPER_TRIE = /^const (\$\w+\$var\$trie) = (new \(0, \$\w+\$unicodetrie\)\([^;\n]*\));$/gm;

/** fontkit's module text (`path`) with its three shaper tries made on first use; fails when fontkit has changed. */
export function lazyShaperTries(text: string, path: string): string {
  let count = 0;
  const contents = text.replace(SHAPER_TRIE, (_, name: string, made: string) => {
    count++;
    return `let ${name}Made;\nconst ${name} = { get: (codePoint) => (${name}Made ??= ${made}).get(codePoint) };`;
  });
  if (count !== 3) throw new Error(`${path} changed: update fontkit-shaper-tries-lazy in scripts/bundle-patches.ts (${count} tries found, not 3)`);
  return contents;
}

/** Replaces each `[from, to]` in a module's text, once; fails when any is not there exactly once. */
function replacedOnce(text: string, path: string, name: string, replacements: [from: string, to: string][]): string {
  for (const [from, to] of replacements) {
    if (text.split(from).length !== 2) throw new Error(`${path} changed: update ${name} in scripts/bundle-patches.ts`);
    text = text.replace(from, () => to);
  }
  return text;
}

/**
 * fontkit finds a glyph in a coverage table or class definition by reading its list from the start
 * (indexOf, a loop over the ranges), for every glyph of every word it shapes: Noto Sans's kerning
 * classes are hundreds of ranges. The lists are sorted by glyph, as OpenType requires, and then
 * searched by halves, which finds the same entry; a list that is not (a font may be malformed) is read
 * from the start as before. Whether a list is sorted is checked once per list.
 */
export const SEARCHED_RANGES_HELPERS = `
const lettersSorted = new WeakMap();
function lettersIsSorted(list, ranges) {
  let sorted = lettersSorted.get(list);
  if (sorted === undefined) {
    sorted = true;
    for (let i = 0; i < list.length && sorted; i++) {
      const item = list[i];
      if (ranges ? !(item.start <= item.end && (i === 0 || list[i - 1].end < item.start)) : i > 0 && !(list[i - 1] < item)) sorted = false;
    }
    lettersSorted.set(list, sorted);
  }
  return sorted;
}
function lettersRangeOf(ranges, glyph) {
  // A glyph id that is not a number (a malformed substitution's missing glyph) is compared as fontkit compares it.
  if (typeof glyph !== 'number' || !lettersIsSorted(ranges, true)) {
    for (const range of ranges) if (range.start <= glyph && glyph <= range.end) return range;
    return undefined;
  }
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle];
    if (glyph < range.start) high = middle - 1;
    else if (glyph > range.end) low = middle + 1;
    else return range;
  }
  return undefined;
}
function lettersIndexOfGlyph(glyphs, glyph) {
  if (typeof glyph !== 'number' || !lettersIsSorted(glyphs, false)) return glyphs.indexOf(glyph);
  let low = 0;
  let high = glyphs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = glyphs[middle];
    if (glyph < at) high = middle - 1;
    else if (glyph > at) low = middle + 1;
    else return middle;
  }
  return -1;
}
`;

/** fontkit's module text (`path`) with its coverage and class lookups searched by halves; fails when fontkit has changed. */
export function searchedRanges(text: string, path: string): string {
  const patched = replacedOnce(text, path, 'searchedRanges', [
    ['                return coverage.glyphs.indexOf(glyph);', '                return lettersIndexOfGlyph(coverage.glyphs, glyph);'],
    [
      `            case 2:
                for (let range of coverage.rangeRecords){
                    if (range.start <= glyph && glyph <= range.end) return range.startCoverageIndex + glyph - range.start;
                }
                break;`,
      `            case 2: {
                const range = lettersRangeOf(coverage.rangeRecords, glyph);
                if (range) return range.startCoverageIndex + glyph - range.start;
                break;
            }`,
    ],
    [
      `            case 2:
                for (let range of classDef.classRangeRecord){
                    if (range.start <= glyph && glyph <= range.end) return range.class;
                }
                break;`,
      `            case 2: {
                const range = lettersRangeOf(classDef.classRangeRecord, glyph);
                if (range) return range.class;
                break;
            }`,
    ],
  ]);
  return `${patched}\n${SEARCHED_RANGES_HELPERS}`;
}

/**
 * fontkit applies a lookup (a ligature, a kerning table) by asking each of its subtables about each
 * glyph of the run, and every subtable asks first whether the glyph is in its coverage, answering no
 * without doing anything else when it is not: most of a word's glyphs, for most of Noto Sans's
 * lookups, a third of the layout of a cold letter. The glyphs a lookup can start at are gathered once
 * (its subtables' first coverage, through extensions) and the others passed over, as fontkit would
 * after asking. A lookup whose subtables are of a kind not listed here, or whose tables cannot be read
 * (a malformed font), is asked about every glyph as before.
 */
export const FIRST_GLYPHS_HELPERS = `
const lettersFirstGlyphsOf = new WeakMap();
function lettersFirstGlyphs(processor, lookup) {
  let first = lettersFirstGlyphsOf.get(lookup);
  if (first === undefined) {
    try {
      first = lettersCoveredFirst(typeof processor.getAnchor === 'function', lookup);
    } catch {
      first = null;
    }
    lettersFirstGlyphsOf.set(lookup, first);
  }
  return first;
}
function lettersCoveredFirst(gpos, lookup) {
  const coverages = [];
  for (const subTable of lookup.subTables) {
    let type = lookup.lookupType;
    let table = subTable;
    while (type === (gpos ? 9 : 7)) {
      type = table.lookupType;
      table = table.extension;
    }
    const context = gpos ? 7 : 5;
    const chaining = gpos ? 8 : 6;
    let coverage;
    if (type === context || type === chaining) {
      if (table.version === 1 || table.version === 2) coverage = table.coverage;
      else if (table.version === 3 && type === context) coverage = table.coverages[0];
      // The glyphs before are read before the first glyph's coverage: one that cannot be read fails
      // whatever the glyph, so such a subtable is asked about every glyph, as before.
      else if (table.version === 3 && table.backtrackCoverage.every((c) => c && (c.version === 1 || c.version === 2))) coverage = table.inputCoverage[0];
    } else if (type >= 1 && type <= (gpos ? 3 : 4)) coverage = table.coverage;
    else if (gpos && (type === 4 || type === 5)) coverage = table.markCoverage;
    else if (gpos && type === 6) coverage = table.mark1Coverage;
    if (!coverage || (coverage.version !== 1 && coverage.version !== 2)) return null;
    coverages.push(coverage);
  }
  // Glyph ids are 16-bit: the map is as long as the highest id covered, each range filled at once.
  let most = -1;
  for (const coverage of coverages) {
    if (coverage.version === 1) {
      for (const id of coverage.glyphs) if (id > most) most = id;
    } else for (const range of coverage.rangeRecords) if (range.start <= range.end && range.end > most) most = range.end;
  }
  const first = new Uint8Array(Math.min(most + 1, 65536));
  for (const coverage of coverages) {
    if (coverage.version === 1) {
      for (const id of coverage.glyphs) first[id] = 1;
    } else for (const range of coverage.rangeRecords) if (range.start <= range.end) first.fill(1, range.start, range.end + 1);
  }
  return first;
}
`;

/** fontkit's module text (`path`) with each lookup passing over the glyphs it cannot start at; fails when fontkit has changed. */
export function firstGlyphsOnly(text: string, path: string): string {
  const patched = replacedOnce(text, path, 'firstGlyphsOnly', [
    [
      `            this.glyphIterator.reset(lookup.flags);
            while(this.glyphIterator.index < glyphs.length){
                if (!(feature in this.glyphIterator.cur.features)) {
                    this.glyphIterator.next();
                    continue;
                }`,
      `            this.glyphIterator.reset(lookup.flags);
            const lettersFirst = lettersFirstGlyphs(this, lookup);
            // No glyph of the run it can start at: the loop below would ask about each and end here.
            if (lettersFirst !== null && !glyphs.some((glyph) => lettersFirst[glyph.id] === 1)) {
                this.glyphIterator.index = glyphs.length;
                continue;
            }
            while(this.glyphIterator.index < glyphs.length){
                if (!(feature in this.glyphIterator.cur.features) || (lettersFirst !== null && lettersFirst[this.glyphIterator.cur.id] !== 1)) {
                    this.glyphIterator.next();
                    continue;
                }`,
    ],
  ]);
  return `${patched}\n${FIRST_GLYPHS_HELPERS}`;
}

/**
 * fontkit's `selectScript`, called twice for every piece it shapes, makes the table of the script's
 * features anew whenever no language is asked for (letters never ask for one), though it is made from
 * the same script and default language as the last: some 40 objects read and written per piece. It is
 * kept when the script is the same and the language is still the default one, which is all the
 * rebuild would give; and the sorted lookups of each stage's features with it.
 */
export function featuresKept(text: string, path: string): string {
  return replacedOnce(text, path, 'featuresKept', [
    // The lookups of a stage's features, which fontkit gathers and sorts for every piece, kept per
    // table of features (the same object while the script is, above; a new one when it changes).
    [
      `    applyFeatures(userFeatures, glyphs, advances) {
        let lookups = this.lookupsForFeatures(userFeatures);`,
      `    applyFeatures(userFeatures, glyphs, advances) {
        let lookups = lettersLookupsFor(this, userFeatures);`,
    ],
    [
      '        if (!language || language !== this.languageTag) {',
      '        if (!changed && !language && this.languageTag === null && this.language === this.script.defaultLangSys) ;\n        else if (!language || language !== this.languageTag) {',
    ],
  ]).concat(LOOKUPS_KEPT_HELPERS);
}

const LOOKUPS_KEPT_HELPERS = `
const lettersLookupsByFeatures = new WeakMap();
function lettersLookupsFor(processor, userFeatures) {
  let byStage = lettersLookupsByFeatures.get(processor.features);
  if (!byStage) lettersLookupsByFeatures.set(processor.features, (byStage = new Map()));
  const key = userFeatures.join('\\u0000');
  let lookups = byStage.get(key);
  if (!lookups) byStage.set(key, (lookups = processor.lookupsForFeatures(userFeatures)));
  return lookups;
}
`;
