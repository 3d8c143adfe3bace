import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { escapeControls } from '../errors.js';
import { codePoint, missingInLetterFonts } from '../fonts/font-set.js';
import { IMAGE_LIMITS } from './image-limits.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Elements a signature may be drawn with: shapes, text, grouping, reuse inside the file, paint servers. */
const ALLOWED = new Set(
  (
    'svg g defs symbol use switch path rect circle ellipse line polyline polygon text tspan textPath title desc metadata style ' +
    'linearGradient radialGradient stop pattern clipPath mask marker filter'
  ).split(' '),
);

/** Elements refused by name, with why in the user's words. */
const REFUSED: Record<string, string> = {
  image: 'draws another file into the signature',
  feImage: 'draws another file into the signature',
  script: 'is a script',
  foreignObject: 'embeds a web page fragment',
  a: 'is a link',
  iframe: 'embeds another document',
  embed: 'embeds another document',
  object: 'embeds another document',
  video: 'plays a video',
  audio: 'plays a sound',
};

/** Paint servers whose only children are `<stop>`s: the one kind of target a style sheet may name. */
const GRADIENTS = new Set(['linearGradient', 'radialGradient']);

interface Node {
  name: string;
  /** Attributes kept for drawing, by the name svg-to-pdfkit reads. */
  attrs: [string, string][];
  children: (Node | string)[];
  line: number;
  column: number;
  /** `#id` targets of href and url(...), drawn along with this element. */
  refs: string[];
  foreign: boolean;
}

export type SvgCheck = { ok: true; text: string; width: number; height: number } | { ok: false; reasons: string[] };

/** Stops the parse at a problem that leaves nothing sensible to check after it. */
class Stop extends Error {}

/**
 * Parses an SVG signature with a real XML parser and refuses anything that would make it more than a
 * drawing of its own content: a reference to another file or URL (`<image>`, `href`, `url(...)`,
 * `xml:base`, a `<!DOCTYPE>` with its entities), scripts, links and embedded documents; also a file too
 * big, too many elements, too deep, or drawing too much once `<use>` and `url(#id)` are followed.
 * On success `text` is the document rebuilt from the checked tree alone (foreign metadata, comments
 * and processing instructions dropped), which is all the renderer ever sees.
 */
export function checkSvg(source: string): SvgCheck {
  const reasons: string[] = [];
  const at = (n: { line: number; column: number }) => `line ${n.line}, column ${n.column}`;
  const refuse = (n: { line: number; column: number }, message: string) => {
    if (reasons.length < IMAGE_LIMITS.svgProblemsShown) reasons.push(`${at(n)}: ${message}`);
  };
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Node[] = [];
  const ids = new Map<string, Node>();
  let root: Node | undefined;
  let elements = 0;
  let start = { line: 1, column: 1 };

  parser.on('doctype', () => {
    refuse(parser, 'the file has a `<!DOCTYPE …>`, which can pull in other files and entities: delete that line, a signature needs none');
  });
  parser.on('processinginstruction', (pi) => {
    refuse(parser, `the processing instruction \`<?${clip(pi.target)} …?>\` is not allowed in a signature: delete it`);
  });
  parser.on('opentagstart', (tag) => {
    // saxes counts columns from 0 and has just read `<name` and the character after it.
    start = { line: parser.line, column: parser.column - tag.name.length - 1 };
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (++elements > IMAGE_LIMITS.svgElements) {
      reasons.push(
        `the SVG image has more than ${IMAGE_LIMITS.svgElements.toLocaleString('en')} elements: simplify the drawing (e.g. with "Simplify" in Inkscape) or give a PNG`,
      );
      throw new Stop();
    }
    if (stack.length >= IMAGE_LIMITS.svgDepth) {
      reasons.push(`${at(start)}: the SVG image nests elements more than ${IMAGE_LIMITS.svgDepth} deep: flatten its groups or give a PNG`);
      throw new Stop();
    }
    const parent = stack.at(-1);
    const foreign = (parent?.foreign ?? false) || (tag.uri !== SVG_NS && tag.uri !== '');
    const node: Node = { name: tag.local, attrs: [], children: [], line: start.line, column: start.column, refs: [], foreign };
    if (!foreign) checkElement(tag, node, refuse);
    else checkForeign(tag, node, refuse);
    if (parent) parent.children.push(node);
    else {
      root = node;
      if (foreign || tag.local !== 'svg') {
        reasons.push(`${at(node)}: the file's top element is \`<${clip(tag.name)}>\`, not \`<svg>\`: it is not an SVG image`);
        throw new Stop();
      }
    }
    const id = node.attrs.find(([k]) => k === 'id')?.[1];
    if (id !== undefined && !foreign && !ids.has(id)) ids.set(id, node);
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (text: string) => {
    const parent = stack.at(-1);
    if (parent && !parent.foreign) parent.children.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (err) => {
    // saxes prefixes its messages with "line:column: ", the column being the faulty character's; the rest ("unclosed tag: svg") is plain enough.
    const m = /^(\d+):(\d+): (.*)$/s.exec(err.message);
    reasons.push(
      m
        ? `line ${m[1]}, column ${m[2]}: the SVG file is not well-formed XML (${m[3]!.replace(/\.$/, '')}): export it again from your drawing program`
        : `the SVG file is not well-formed XML (${err.message})`,
    );
    throw new Stop();
  });

  try {
    parser.write(source).close();
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  if (reasons.length > 0) return { ok: false, reasons };
  if (!root) return { ok: false, reasons: ['the SVG file has no `<svg>` element'] };

  checkText(root, refuse);
  if (reasons.length > 0) return { ok: false, reasons };
  const weight = drawnWeight(root, ids, refuse);
  if (reasons.length > 0) return { ok: false, reasons };
  if (weight > IMAGE_LIMITS.svgDrawn) {
    return {
      ok: false,
      reasons: [
        `the SVG image draws more than ${IMAGE_LIMITS.svgDrawn.toLocaleString('en')} elements once its \`<use>\` and \`url(#…)\` references are followed: simplify it or give a PNG`,
      ],
    };
  }
  const size = intrinsicSize(root);
  if (!size) return { ok: false, reasons: [noSizeReason(root)] };
  return { ok: true, text: serialize(root, true), ...size };
}

type Refuse = (n: { line: number; column: number }, message: string) => void;

function checkElement(tag: SaxesTagNS, node: Node, refuse: Refuse): void {
  const why = REFUSED[tag.local];
  if (why) {
    const href = Object.values(tag.attributes).find((a) => a.local === 'href')?.value;
    const what = href === undefined ? why : why.replace('another file', `another file (\`${clip(href)}\`)`);
    refuse(node, `\`<${clip(tag.name)}>\` ${what}: a signature must be drawn from its own content only; remove the element`);
    return;
  }
  if (!ALLOWED.has(tag.local) && !(tag.local.startsWith('fe') && tag.local.length > 2)) {
    refuse(node, `\`<${clip(tag.name)}>\` is not an element a signature may use: keep to shapes, paths, text and groups`);
  }
  for (const attr of Object.values(tag.attributes) as SaxesAttributeNS[]) {
    if (attr.prefix === 'xmlns' || (attr.prefix === '' && attr.local === 'xmlns')) continue;
    const { local, value } = attr;
    if (local === 'href' && (attr.uri === '' || attr.uri === XLINK_NS)) {
      const target = fragment(value);
      if (target === undefined)
        refuse(
          node,
          `\`<${clip(tag.name)}>\` has ${attr.name}="${clip(value)}", which points outside the file: a signature may only refer to its own parts (href="#id")`,
        );
      else {
        node.refs.push(target);
        node.attrs.push(['xlink:href', `#${target}`]);
      }
      continue;
    }
    if (attr.uri === XML_NS && local === 'base') {
      refuse(node, `\`<${clip(tag.name)}>\` has xml:base="${clip(value)}", which points outside the file: remove it`);
      continue;
    }
    if (/^on/i.test(local) && attr.uri === '') {
      refuse(node, `\`<${clip(tag.name)}>\` has the script attribute ${attr.name}: remove it`);
      continue;
    }
    for (const url of urls(value)) {
      const target = fragment(url);
      if (target === undefined)
        refuse(
          node,
          `\`<${clip(tag.name)}>\` has ${attr.name} with url(${clip(url)}), which points outside the file: a signature may only refer to its own parts, url(#id)`,
        );
      else node.refs.push(target);
    }
    if (local === 'style' && /@import/i.test(value)) refuse(node, `\`<${clip(tag.name)}>\` has a style with @import, which loads another file: remove it`);
    if (attr.uri === '' && (NUMERIC.has(local) || local === 'style')) {
      const huge = hugeNumber(value, local === 'style');
      // An infinite size of the <svg> itself is told apart (intrinsicSize: "has no size").
      const size = tag.local === 'svg' && (local === 'width' || local === 'height') && !Number.isFinite(Number(huge));
      if (huge !== undefined && !size) refuse(node, `\`<${clip(tag.name)}>\` has ${attr.name}="${clip(value)}", ${TOO_BIG}`);
      if (local === 'viewBox') {
        const [, , width, height] = value.trim().split(/[\s,]+/);
        const tiny = [width, height].some((n) => Math.abs(Number(n)) > 0 && Math.abs(Number(n)) <= 1e-6);
        if (tiny) refuse(node, `\`<${clip(tag.name)}>\` has a viewBox of ${clip(width ?? '')} by ${clip(height ?? '')}: a millionth or less; ${OWN_SIZE}`);
        // SVG draws nothing in a box of no size and refuses a negative one; scaled into it, the drawing was NaN to pdfkit.
        const empty = [width, height].some((n) => n !== undefined && Number.isFinite(Number(n)) && Number(n) <= 0);
        if (empty)
          refuse(
            node,
            `\`<${clip(tag.name)}>\` has a viewBox of ${clip(width ?? '')} by ${clip(height ?? '')}, a box of no size, in which nothing is drawn; ${OWN_SIZE}`,
          );
      }
    }
    if (attr.uri === '') node.attrs.push([local, value]);
    else if (attr.uri === XML_NS) node.attrs.push([`xml:${local}`, value]);
    // Attributes of other vocabularies (inkscape:label, sodipodi:nodetypes) mean nothing to a drawing.
  }
}

/** Metadata of other vocabularies (Inkscape, RDF) is dropped, but it may still not point outside the file. */
function checkForeign(tag: SaxesTagNS, node: Node, refuse: Refuse): void {
  for (const attr of Object.values(tag.attributes) as SaxesAttributeNS[]) {
    if (attr.local === 'href' && attr.prefix !== 'xmlns' && fragment(attr.value) === undefined) {
      refuse(node, `\`<${clip(tag.name)}>\` has ${attr.name}="${clip(attr.value)}", which points outside the file: remove it`);
    }
  }
}

const TEXT = new Set(['text', 'tspan', 'textPath']);
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const RIGHT_TO_LEFT =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;
const TO_PATHS = 'convert the text to paths in your drawing program (Inkscape: Path > Object to Path), or give a PNG';

/**
 * The text an SVG draws (`<text>` and what it holds) is set by svg-to-pdfkit in the letter's four
 * fonts alone, glyph after glyph in the order written: a character those fonts lack is drawn as an
 * empty box, right-to-left text comes out backwards, and a bidirectional control makes the text layer
 * read otherwise than the page. Each outermost `<text>` with such a character is refused.
 */
function checkText(node: Node, refuse: Refuse): void {
  if (node.foreign) return;
  if (node.name !== 'text') {
    for (const child of node.children) if (typeof child !== 'string') checkText(child, refuse);
    return;
  }
  const drawn = textOf(node);
  const control = BIDI_CONTROL.exec(drawn);
  if (control) {
    refuse(node, `\`<text>\` holds a bidirectional control \`${escapeControls(control[0])}\`, which changes the order its letters are read in: ${TO_PATHS}`);
    return;
  }
  const rtl = RIGHT_TO_LEFT.exec(drawn);
  if (rtl) {
    refuse(node, `\`<text>\` holds right-to-left text (\`${rtl[0]}\`), which an SVG signature draws in the wrong order: ${TO_PATHS}`);
    return;
  }
  const missing = missingInLetterFonts(drawn);
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((ch) => `\`${escapeControls(ch)}\` (${codePoint(ch)})`);
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    refuse(node, `\`<text>\` draws ${shown.join(', ')}${more}, which the letter's fonts do not have: ${TO_PATHS}`);
  }
}

function textOf(node: Node): string {
  return node.children.map((c) => (typeof c === 'string' ? c : c.foreign || !TEXT.has(c.name) ? '' : textOf(c))).join('');
}

/**
 * How many elements drawing `node` draws, following children, `<use>`/href and url(#id) references,
 * so a few nested `<use>`s cannot multiply into billions. A style sheet may only name gradients, whose
 * cost is fixed: its rules apply to elements not known here.
 */
function drawnWeight(root: Node, ids: Map<string, Node>, refuse: Refuse): number {
  const memo = new Map<Node, number>();
  const visiting = new Set<Node>();
  let reported = false;
  const weigh = (node: Node): number => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (visiting.has(node)) {
      if (!reported) refuse(node, `\`<${node.name}>\` refers to itself through its references: remove the loop`);
      reported = true;
      return 0;
    }
    visiting.add(node);
    let total = 1;
    for (const child of node.children) {
      if (typeof child === 'string') {
        if (node.name === 'style') checkStyleSheet(node, child, ids, refuse);
      } else total += weigh(child);
      if (total > IMAGE_LIMITS.svgDrawn) break;
    }
    for (const id of node.refs) {
      const target = ids.get(id);
      if (target) total += weigh(target);
      if (total > IMAGE_LIMITS.svgDrawn) break;
    }
    visiting.delete(node);
    memo.set(node, total);
    return total;
  };
  return weigh(root);
}

function checkStyleSheet(node: Node, css: string, ids: Map<string, Node>, refuse: Refuse): void {
  if (/@import/i.test(css)) refuse(node, '`<style>` has @import, which loads another file: remove it');
  const huge = hugeNumber(css, true);
  if (huge !== undefined) refuse(node, `\`<style>\` has ${clip(huge)}, ${TOO_BIG}`);
  for (const url of urls(css)) {
    const target = fragment(url);
    if (target === undefined)
      refuse(node, `\`<style>\` has url(${clip(url)}), which points outside the file: a signature may only refer to its own parts, url(#id)`);
    else if (ids.has(target) && !GRADIENTS.has(ids.get(target)!.name)) {
      refuse(
        node,
        `\`<style>\` refers to \`#${clip(target)}\`, a \`<${ids.get(target)!.name}>\`: a style sheet may only name gradients; set that reference on the element itself`,
      );
    }
  }
}

/**
 * The attributes that hold numbers of a drawing: lengths, coordinates, path data, transforms. svg-to-pdfkit
 * multiplies them (a viewBox scales everything inside it) and pdfkit writes no number past 1e21: past a
 * billion, or a viewBox of a millionth, a signature was an internal error when drawn.
 */
const NUMERIC = new Set(
  'd points transform gradientTransform patternTransform viewBox x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height dx dy rotate stroke-width stroke-dasharray stroke-dashoffset stroke-miterlimit font-size letter-spacing word-spacing baseline-shift offset textLength pathLength markerWidth markerHeight refX refY stdDeviation opacity fill-opacity stroke-opacity stop-opacity'.split(
    ' ',
  ),
);
const MAX_NUMBER = 1e9;
const OWN_SIZE = 'export the drawing at its own size';
const TOO_BIG = `a number past 1,000,000,000: no signature needs one; ${OWN_SIZE}`;

/**
 * The first number past MAX_NUMBER in an attribute value or style sheet, as written. In styles the
 * comments, quoted names and url(...) are left out, and a number must not follow `#`, `-`, `.` or a
 * letter: `#1e9e9e` is a colour, `.sig-20250101` a class, `'Font-2000000'` a family.
 */
function hugeNumber(text: string, style: boolean): string | undefined {
  const scanned = style ? text.replace(/\/\*[\s\S]*?(\*\/|$)|"[^"]*"|'[^']*'|url\([^)]*\)/gi, ' ') : text;
  const numbers = style ? /(?<![#\w.-])[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi : /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;
  for (const [written] of scanned.matchAll(numbers)) if (!(Math.abs(Number(written)) <= MAX_NUMBER)) return written;
  return undefined;
}

/** The targets of every url(...) in an attribute value or style sheet, quotes removed. */
function urls(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/gi)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  // A url( left open still names something outside the file.
  if (/url\(/i.test(text.replace(/url\(\s*(?:"[^"]*"|'[^']*'|[^)]*?)\s*\)/gi, ''))) out.push(text.slice(text.search(/url\(/i) + 4));
  return out;
}

/** `abc` for `#abc`; undefined for anything pointing outside the document. */
function fragment(ref: string): string | undefined {
  const m = /^\s*#([^\s#"'()]+)\s*$/.exec(ref);
  return m ? m[1] : undefined;
}

function intrinsicSize(root: Node): { width: number; height: number } | undefined {
  const attr = (name: string) => root.attrs.find(([k]) => k === name)?.[1];
  const length = (value: string | undefined) => {
    const m = value === undefined ? null : /^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(px|pt)?\s*$/i.exec(value);
    return m ? Number(m[1]) : undefined;
  };
  const box = (attr('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const fromBox = box.length === 4 && box.every(Number.isFinite) ? box : undefined;
  const width = length(attr('width')) ?? fromBox?.[2] ?? 0;
  const height = length(attr('height')) ?? fromBox?.[3] ?? 0;
  return Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * Why an SVG has no size: a width or height that is not a length in px or pt (a percentage or an em
 * depends on where the image is drawn; 1e400 is no number) is named, with the fix; else none is given.
 */
function noSizeReason(root: Node): string {
  const fix = 'give its <svg> element width and height in px or pt (width="300" height="100"), or a viewBox';
  for (const name of ['width', 'height']) {
    const value = root.attrs.find(([k]) => k === name)?.[1];
    if (value === undefined) continue;
    const m = /^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(px|pt)?\s*$/i.exec(value);
    const n = m ? Number(m[1]) : NaN;
    if (!(Number.isFinite(n) && n > 0)) return `the SVG image has no size: its ${name} \`${clip(value)}\` is not a length of the image's own: ${fix}`;
  }
  return `the SVG image has no size: ${fix}`;
}

function serialize(node: Node, top = false): string {
  let out = `<${node.name}`;
  if (top) out += ` xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}"`;
  for (const [k, v] of node.attrs) out += ` ${k}="${escape(v).replace(/"/g, '&quot;')}"`;
  const inner = node.children.map((c) => (typeof c === 'string' ? escape(c) : c.foreign ? '' : serialize(c))).join('');
  return inner ? `${out}>${inner}</${node.name}>` : `${out}/>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A value from the file, short and with control characters shown, fit to quote in a message. */
function clip(value: string): string {
  const shown = escapeControls(value);
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}
