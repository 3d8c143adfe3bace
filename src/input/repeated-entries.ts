/** An entry of a list that repeats an earlier one: its place, the earlier one's, and the id. */
export interface RepeatedEntry {
  index: number;
  first: number;
  id: string;
}

/** The entries of a list of ids that repeat an earlier entry; entries that are not texts are left to the schema. */
export function repeatedEntries(ids: readonly unknown[]): RepeatedEntry[] {
  const first = new Map<string, number>();
  const repeated: RepeatedEntry[] = [];
  ids.forEach((id, index) => {
    if (typeof id !== 'string') return;
    const before = first.get(id);
    if (before === undefined) first.set(id, index);
    else repeated.push({ index, first: before, id });
  });
  return repeated;
}
