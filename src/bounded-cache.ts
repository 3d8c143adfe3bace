// The per-process caches of a campaign day (parsed bodies, hyphenation points, laid-out paragraphs,
// formatted dates...) share one rule: a Map that starts over once it holds `limit` entries, so a long
// run of ever-new texts cannot grow it without bound. Starting over, rather than evicting entry by
// entry, keeps a hit to one lookup; a day's working set is far below every limit.

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
  }

  /** The value kept for `key`, made by `make` (and kept) the first time it is asked for. */
  getOrMake(key: K, make: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) this.set(key, (value = make()));
    return value;
  }
}
