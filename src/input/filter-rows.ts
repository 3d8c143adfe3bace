/**
 * Filters PNG rows in place for deflate, each row with the filter whose output has the least sum of
 * absolute values (taken as signed bytes): libpng's heuristic, as pngjs's writer applied it. Filtering
 * with None alone made a smooth gradient 25 times larger, and every letter embeds the image.
 *
 * `rows` holds `height` rows of a filter type byte (0) and `width * bpp` bytes. The heuristic is
 * weighed on every byte of a row of up to 1024 bytes, and on some 512 spread over a wider one: weighing
 * all five filters on every byte of a 4000-pixel RGB image took a second. Rows are filtered from the
 * last up and from right to left, so each filter reads its neighbours still unfiltered.
 */
export function filterRows(rows: Buffer, width: number, height: number, bpp: number): void {
  const n = width * bpp;
  const row = 1 + n;
  // An odd step, and none a multiple of the pixel's bytes: the samples fall on every channel.
  const step = n > 1024 ? bpp * Math.floor(n / 512 / bpp) + 1 : 1;
  for (let y = height - 1; y >= 0; y--) {
    const s = y * row + 1;
    const filter = bestFilter(rows, s, y > 0 ? s - row : -1, n, bpp, step);
    rows[s - 1] = filter;
    if (filter !== 0) applyFilter(rows, s, y > 0 ? s - row : -1, n, bpp, filter);
  }
}

const signed = (v: number) => (v < 128 ? v : 256 - v);

function bestFilter(b: Buffer, s: number, p: number, n: number, bpp: number, step: number): number {
  let none = 0;
  let sub = 0;
  let up = 0;
  let average = 0;
  let paeth = 0;
  for (let i = 0; i < n; i += step) {
    const x = b[s + i]!;
    const a = i >= bpp ? b[s + i - bpp]! : 0;
    const u = p >= 0 ? b[p + i]! : 0;
    const c = p >= 0 && i >= bpp ? b[p + i - bpp]! : 0;
    none += signed(x);
    sub += signed((x - a) & 255);
    up += signed((x - u) & 255);
    average += signed((x - ((a + u) >> 1)) & 255);
    paeth += signed((x - predictPaeth(a, u, c)) & 255);
  }
  let best = 0;
  let least = none;
  if (sub < least) [best, least] = [1, sub];
  if (up < least) [best, least] = [2, up];
  if (average < least) [best, least] = [3, average];
  if (paeth < least) best = 4;
  return best;
}

/** Filters the row of `n` bytes at `s` in place, right to left; `p` is where the row above starts, -1 for none. */
function applyFilter(b: Buffer, s: number, p: number, n: number, bpp: number, filter: number): void {
  // Stores into a Uint8Array wrap modulo 256, as the filters do. The first `bpp` bytes have no left neighbour.
  const up = s - p;
  const first = Math.min(bpp, n);
  if (filter === 1) {
    for (let i = s + n - 1; i >= s + first; i--) b[i] = b[i]! - b[i - bpp]!;
  } else if (filter === 2) {
    if (p >= 0) for (let i = s + n - 1; i >= s; i--) b[i] = b[i]! - b[i - up]!;
  } else if (filter === 3) {
    if (p >= 0) {
      for (let i = s + n - 1; i >= s + first; i--) b[i] = b[i]! - ((b[i - bpp]! + b[i - up]!) >> 1);
      for (let i = s + first - 1; i >= s; i--) b[i] = b[i]! - (b[i - up]! >> 1);
    } else for (let i = s + n - 1; i >= s + first; i--) b[i] = b[i]! - (b[i - bpp]! >> 1);
  } else if (p >= 0) {
    for (let i = s + n - 1; i >= s + first; i--) b[i] = b[i]! - predictPaeth(b[i - bpp]!, b[i - up]!, b[i - up - bpp]!);
    for (let i = s + first - 1; i >= s; i--) b[i] = b[i]! - b[i - up]!;
  } else {
    // With no row above, Paeth predicts from the left, as Sub does.
    for (let i = s + n - 1; i >= s + first; i--) b[i] = b[i]! - b[i - bpp]!;
  }
}

/** The Paeth predictor of a byte from its left, upper and upper-left neighbours. */
export function predictPaeth(a: number, u: number, c: number): number {
  let pa = u - c;
  let pb = a - c;
  let pc = pa + pb;
  pa = pa < 0 ? -pa : pa;
  pb = pb < 0 ? -pb : pb;
  pc = pc < 0 ? -pc : pc;
  return pa <= pb && pa <= pc ? a : pb <= pc ? u : c;
}
