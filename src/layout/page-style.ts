// The letter's page geometry and type sizes, in PDF points (1/72 inch), modelled on the ITUC letter.

export const PAGE = { width: 595.28, height: 841.89 } as const; // A4

export const MARGIN = { top: 50, right: 62, bottom: 62, left: 70 } as const;

export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/** Lowest y that body text and footnotes may reach. */
export const CONTENT_BOTTOM = PAGE.height - MARGIN.bottom;

export const BODY = { size: 10.5, leading: 15 } as const;
export const FOOTNOTE = { size: 8, leading: 10.5, separatorGap: 10 } as const;
export const LETTERHEAD = { size: 10.5, leading: 14.5, officerSize: 7.5, officerLeading: 9.5, officerColumn: 92, officerColumns: 3 } as const;
/** Continuation pages' header: the reference (up to two lines) and the page label. */
export const HEADER = { size: 8, leading: 10, height: 28 } as const;
export const FOOTER = { size: 7, leading: 9, y: PAGE.height - 38 } as const;
/** Superscript footnote markers: size and rise as fractions of the text size. */
export const MARKER = { scale: 0.62, rise: 0.38 } as const;
export const SIGNATURE = { imageHeight: 46, gapAfterImage: 4 } as const;

export const COLOR = { text: '#000000', accent: '#c8102e', muted: '#555555', rule: '#999999' } as const;

/** Space above each kind of block. */
export const SPACE_BEFORE = {
  letterhead: 0,
  addressees: 30,
  delivery: 14,
  reference: 16,
  dateline: 16,
  subject: 14,
  salutation: 16,
  paragraph: 9,
  'list-item': 4,
  closing: 16,
  signatures: 8,
  cc: 16,
} as const;

export const LIST_INDENT = 18;

/**
 * The deepest list level that stands further in; items nested deeper stand at its indent, with its
 * width (319 points). A level further each time, text past the 25th had no width left and ran off the page.
 */
export const MAX_LIST_LEVEL = 8;

/** How far in a list item of `level` (1 for a top-level list) stands, in levels: at most MAX_LIST_LEVEL. */
export function listDepth(level: number): number {
  return Math.min(level, MAX_LIST_LEVEL);
}

/** Space above a block: the date line sits close under a reference, as in the model letter. */
export function spaceBefore(blocks: readonly { kind: keyof typeof SPACE_BEFORE }[], index: number): number {
  if (index === 0) return 0;
  const kind = blocks[index]!.kind;
  if (kind === 'dateline' && blocks[index - 1]!.kind === 'reference') return 4;
  return SPACE_BEFORE[kind];
}
