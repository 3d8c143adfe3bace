/**
 * The V8 heap of each thread of a batch, bounded: the render workers' and the thread the batch runs
 * in (run-batch-in-thread.ts). Left to itself, V8 lets a worker's heap (and the PDF buffers it has
 * done with) grow to several times what it holds alive (~45 MB: modules, fonts, the day's files): two
 * workers went past 400 MB at 1,000 letters and 600 MB at 10,000. With a young generation of 12 MB
 * and an old one capped at 256 MB (over five times the live heap) the process tree peaked at 292 MB
 * on the 10,000-letter bench campaign; 16 MB gave 315 MB, 8 MB gave 273 MB but cost some 17% more
 * CPU per letter in garbage collection. The cap is far above what a thread holds alive; a thread that
 * reached it would end with an out-of-memory error, reported as a failure rather than swapping.
 */
export const THREAD_HEAP = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 256 };
