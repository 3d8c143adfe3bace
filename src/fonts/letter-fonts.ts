import { BoundedCache } from '../bounded-cache.js';
import { FALLBACK_SCRIPT, FALLBACK_WIDTHS_LIMIT, type HanFont } from './fallback-fonts.js';
import { STYLES, type FontSet, type FontStyle, type LoadedFont } from './font-set.js';
import { mixedWidth } from './script-runs.js';

const byHan = new WeakMap<FontSet, Map<HanFont, FontSet>>();

/**
 * The font set as a letter whose Han characters are set in `han` measures its texts. The shared set
 * measures them in Simplified Chinese forms; another choice gets a view of it (made once per
 * process) whose styles measure texts with CJK characters in that font and all others as before.
 */
export function fontsForHan(fonts: FontSet, han: HanFont): FontSet {
  if (han === 'sc') return fonts;
  let views = byHan.get(fonts);
  if (!views) byHan.set(fonts, (views = new Map()));
  let view = views.get(han);
  if (view) return view;
  const styles = {} as Record<FontStyle, LoadedFont>;
  for (const style of STYLES) {
    let made: LoadedFont | undefined;
    // A getter, so a style is loaded no sooner than the shared set would load it.
    Object.defineProperty(styles, style, {
      enumerable: true,
      get: () => (made ??= measuredWith(fonts.fonts[style], han)),
    });
  }
  view = { ...fonts, fonts: styles };
  views.set(han, view);
  return view;
}

function measuredWith(base: LoadedFont, han: HanFont): LoadedFont {
  // Bounded as the fallback fonts' own widths are: a day of ever-new names cannot grow it without end.
  const widths = new BoundedCache<string, number>(FALLBACK_WIDTHS_LIMIT);
  const bold = base.style === 'bold' || base.style === 'boldItalic';
  return {
    ...base,
    width: (text) => (FALLBACK_SCRIPT.test(text) ? widths.getOrMake(text, () => mixedWidth(text, base, bold, han)) : base.width(text)),
  };
}
