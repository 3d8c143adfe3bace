// The per-process caches of a campaign day (parsed bodies, hyphenation points, laid-out paragraphs,
// formatted dates...) share one rule: a Map that starts over once it holds `limit` entries, so a long
// run of ever-new texts cannot grow it without bound. Starting over, rather than evicting entry by
// entry, keeps a hit to one lookup; a day's working set is far below every limit.

/** A limit in bytes besides the one in entries, for caches of large values (compressed streams). */
export interface ByteBudget<K, V> {
  bytes: number;
  /** About how many bytes an entry holds, its key included. */
  sizeOf(key: K, value: V): number;
}

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  private bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly budget?: ByteBudget<K, V>,
  ) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    const size = this.budget ? this.budget.sizeOf(key, value) : 0;
    if (this.entries.size >= this.limit || (this.budget && this.bytes + size > this.budget.bytes)) {
      this.entries.clear();
      this.bytes = 0;
    }
    this.entries.set(key, value);
    this.bytes += size;
  }

  /** The value kept for `key`, made by `make` (and kept) the first time it is asked for. */
  getOrMake(key: K, make: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) this.set(key, (value = make()));
    return value;
  }
}

/** A BoundedCache per owner object (a font set, a font), made by `make` when first asked for, gone with its owner. */
export class CachesBy<O extends object, K, V> {
  private readonly byOwner = new WeakMap<O, BoundedCache<K, V>>();

  constructor(private readonly make: () => BoundedCache<K, V>) {}

  of(owner: O): BoundedCache<K, V> {
    let cache = this.byOwner.get(owner);
    if (!cache) this.byOwner.set(owner, (cache = this.make()));
    return cache;
  }
}
