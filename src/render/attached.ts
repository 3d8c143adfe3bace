/**
 * State kept for one document's objects (its PDFDocument, pages, embedded fonts, streams): a property
 * of the object under a symbol of its own, with get/set/has/delete as a WeakMap has them (a value of
 * undefined counts as none), so it dies with the object. With it, the methods the renderer replaces
 * on pdfkit's objects are module functions shared by every document, which find their document's
 * state through `this`, and pdfkit's own method through `own`.
 *
 * Why: V8's young-generation GC (the scavenger) treats some weak references as strong: the value of
 * a WeakMap entry whose map is old stays alive while its key is dead, and documents whose objects had
 * closures of their own as methods (`doc._write = (data) => …`) were kept too. Either way a letter's
 * whole document (some 110 KB) outlived the scavenges after it, was promoted and died in the old
 * generation: 3 MB promoted per scavenge on a warm campaign day (some 115 KB a letter), a mark-compact
 * every second, and the GC threads busy for a third of the CPU time. Shared functions and attached
 * state took that to some 6 KB a letter (test/render/attached.test.ts keeps it under 20). Keys that
 * live for the process (fonts, glyphs, numbering tokens) can stay in WeakMaps, or be attached where a
 * lookup is hot (a property read is quicker than a WeakMap's). Values are an object's own: a glyph
 * view made with `Object.create(glyph)` (fonts/glyph-characters.ts) has none of the glyph's.
 */
export class Attached<K extends object, V> {
  private readonly symbol: symbol;

  constructor(description: string) {
    this.symbol = Symbol(description);
  }

  /** The value attached to this very object: one made with `Object.create(owner)` does not inherit the owner's. */
  get(owner: K): V | undefined {
    const value = (owner as Record<symbol, V | undefined>)[this.symbol];
    return value === undefined || Object.hasOwn(owner, this.symbol) ? value : undefined;
  }

  /** Whether a value other than undefined is attached to this very object. */
  has(owner: K): boolean {
    return this.get(owner) !== undefined;
  }

  set(owner: K, value: V): void {
    (owner as Record<symbol, V | undefined>)[this.symbol] = value;
  }

  /** Leaves undefined in place of the value (deleting a property would make V8 slow down the object). */
  delete(owner: K): void {
    (owner as Record<symbol, V | undefined>)[this.symbol] = undefined;
  }
}

/** The prototype of one of pdfkit's objects, whose method a shared function replaced on the object: pdfkit's own. */
export const own = <T extends object>(object: T): T => Object.getPrototypeOf(object) as T;
