/**
 * State kept for one document's objects (its PDFDocument, pages, embedded fonts, streams): a property
 * of the object under a symbol of its own, with a WeakMap's get/set/has/delete, so it dies with the
 * object. With it, the methods the renderer replaces on pdfkit's objects are module functions shared
 * by every document, which find their document's state through `this`.
 *
 * Why: V8's young-generation GC (the scavenger) treats some weak references as strong: the value of
 * a WeakMap entry whose map is old stays alive while its key is dead, and documents whose objects had
 * closures of their own as methods (`doc._write = (data) => …`) were kept too. Either way a letter's
 * whole document (some 110 KB) outlived the scavenges after it, was promoted and died in the old
 * generation: 3 MB promoted per scavenge on a warm campaign day, a mark-compact every second, and the
 * GC threads busy for a third of the CPU time. Shared functions and attached state took that to some
 * 50 KB per scavenge (test/render/attached.test.ts keeps it there). Keys that live for the process
 * (fonts, glyphs, numbering tokens) can stay in WeakMaps, or be attached where a lookup is hot (a
 * property read is quicker than a WeakMap's). An object made with `Object.create(owner)` inherits
 * the owner's attached values: such a copy needs `delete` first if it is to have its own.
 */
export class Attached<K extends object, V> {
  private readonly symbol: symbol;

  constructor(description: string) {
    this.symbol = Symbol(description);
  }

  get(owner: K): V | undefined {
    return (owner as Record<symbol, V | undefined>)[this.symbol];
  }

  has(owner: K): boolean {
    return (owner as Record<symbol, V | undefined>)[this.symbol] !== undefined;
  }

  set(owner: K, value: V): void {
    (owner as Record<symbol, V | undefined>)[this.symbol] = value;
  }

  delete(owner: K): void {
    (owner as Record<symbol, V | undefined>)[this.symbol] = undefined;
  }
}
