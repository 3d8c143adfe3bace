/**
 * What a signature or logo image may be. A signature is a few hundred pixels wide; these limits leave
 * room for a scan at 600 dpi while keeping a hostile file (a small PNG declaring 20000×20000 pixels,
 * a 20 MB SVG, nested `<use>`s) to a refusal within a second and a few megabytes. docs/images.md
 * lists them for users; keep the two in step.
 */
export const IMAGE_LIMITS = {
  /** Largest PNG or JPEG file, in bytes. */
  rasterBytes: 5 * 1024 * 1024,
  /** Largest width and height of a PNG or JPEG, in pixels, read from its header before decoding. */
  rasterSide: 4000,
  /**
   * Most scans in a JPEG. Each may code the whole image in a few bytes, and checking it visits every
   * block: a progressive JPEG has about 10 (libjpeg's default script), libjpeg-turbo's tools refuse past 500.
   */
  jpegScans: 100,
  /** Largest SVG file, in bytes. */
  svgBytes: 1024 * 1024,
  /** Most elements in an SVG file. */
  svgElements: 10_000,
  /** Most elements an SVG draws once `<use>` and `url(#id)` references are followed. */
  svgDrawn: 50_000,
  /** Deepest nesting of SVG elements. */
  svgDepth: 64,
  /** Most refusals listed for one SVG file. */
  svgProblemsShown: 10,
} as const;
