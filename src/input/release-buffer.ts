/** Smaller buffers are left to the collector: Node hands out those under 4 KB from a shared pool, which must not move. */
const LARGE = 1024 * 1024;

/**
 * Has the memory of a large buffer that will not be used again freed at V8's next young-generation
 * collection, not its next full one, without `--expose-gc` (which the code cache cannot have).
 *
 * V8 frees an ArrayBuffer's memory when it collects the object. A decode's buffer of inflated rows
 * (up to 122 MiB) outlives a collection or two of the young generation, so by its end it sits in the
 * old one, which V8 collects only once external memory has grown well past it: after the next image's
 * buffer is allocated, two images' rows at once in each thread. Its memory is moved here (not copied)
 * to a new ArrayBuffer, which nothing holds and which is young: V8 collects the young generation often,
 * and before allocating a large buffer when young ones hold more.
 *
 * `buffer` must own its whole ArrayBuffer (as node:zlib's output and Buffer.alloc of 1 MB or more do):
 * it is empty afterwards, as is every other view of it.
 */
export function releaseBuffer(buffer: Buffer): void {
  if (buffer.byteOffset !== 0 || buffer.buffer.byteLength < LARGE || buffer.buffer instanceof SharedArrayBuffer) return;
  try {
    structuredClone(buffer.buffer, { transfer: [buffer.buffer] });
  } catch {
    // Not transferable (Node marks some of its own buffers so): left to the collector.
  }
}
