// Fresh `letters` processes, two at once (the machine's two cores), for the tests that compare
// letters rendered in one process with each rendered alone.

/** `task` over `items`, two at a time, results in the order of `items`. */
export async function twoAtATime<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}
