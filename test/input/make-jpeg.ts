// Writes JPEGs for the tests from given DCT coefficients: baseline or progressive (spectral selection
// and successive approximation, as libjpeg's jcphuff.c codes them), restart intervals, subsampling,
// any list of scans. jpeg-js writes baseline 4:4:4 JPEGs only. The Huffman tables are plain: DC sizes
// in 4-bit codes, AC symbols in 8-bit ones; quantization is 1 throughout.

export interface JpegComponent {
  id: number;
  h: number;
  v: number;
}

export interface JpegScan {
  /** Indexes into the frame's components. */
  components: number[];
  start: number;
  end: number;
  high: number;
  low: number;
}

export interface JpegSpec {
  width: number;
  height: number;
  components: JpegComponent[];
  progressive?: boolean;
  /** The scans, in order; one interleaved sequential scan by default. */
  scans?: JpegScan[];
  interval?: number;
  /** Coefficient k (in zigzag order) of block (row, column) of component c, in its grid padded to whole MCUs. */
  coefficient: (c: number, row: number, column: number, k: number) => number;
}

const DC_SYMBOLS = Array.from({ length: 12 }, (_, i) => i);
const AC_SYMBOLS = [...Array.from({ length: 15 }, (_, r) => r << 4), 0xf0, ...Array.from({ length: 16 * 10 }, (_, i) => ((i / 10) << 4) | ((i % 10) + 1))];

/** libjpeg's default progressive script for a colour image (jcparam.c), and the one for grey. */
export function libjpegScript(components: number): JpegScan[] {
  const s = (c: number[], start: number, end: number, high: number, low: number): JpegScan => ({ components: c, start, end, high, low });
  if (components === 1) return [s([0], 0, 0, 0, 1), s([0], 1, 5, 0, 2), s([0], 6, 63, 0, 2), s([0], 1, 63, 2, 1), s([0], 0, 0, 1, 0), s([0], 1, 63, 1, 0)];
  const all = Array.from({ length: components }, (_, i) => i);
  return [
    s(all, 0, 0, 0, 1),
    s([0], 1, 5, 0, 2),
    s([2], 1, 63, 0, 1),
    s([1], 1, 63, 0, 1),
    s([0], 6, 63, 0, 2),
    s([0], 1, 63, 2, 1),
    s(all, 0, 0, 1, 0),
    s([2], 1, 63, 1, 0),
    s([1], 1, 63, 1, 0),
    s([0], 1, 63, 1, 0),
  ];
}

class BitWriter {
  bytes: number[] = [];
  word = 0;
  count = 0;
  put(value: number, n: number): void {
    for (let i = n - 1; i >= 0; i--) {
      this.word = (this.word << 1) | ((value >>> i) & 1);
      if (++this.count === 8) {
        this.bytes.push(this.word);
        if (this.word === 0xff) this.bytes.push(0);
        this.word = this.count = 0;
      }
    }
  }
  /** Pads the last byte with ones, as encoders do before a marker. */
  flush(): void {
    while (this.count > 0) this.put(1, 1);
  }
}

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 255, ...body];
}

function huffmanSegment(kind: number, id: number, symbols: number[], length: number): number[] {
  const counts = Array<number>(16).fill(0);
  counts[length - 1] = symbols.length;
  return segment(0xc4, [(kind << 4) | id, ...counts, ...symbols]);
}

const bitLength = (v: number) => (v === 0 ? 0 : 32 - Math.clz32(v));

export function makeJpeg(spec: JpegSpec): Buffer {
  const { width, height, components } = spec;
  const hMax = Math.max(...components.map((c) => c.h));
  const vMax = Math.max(...components.map((c) => c.v));
  const mcusWide = Math.ceil(width / (8 * hMax));
  const mcusHigh = Math.ceil(height / (8 * vMax));
  const scans = spec.scans ?? [{ components: components.map((_, i) => i), start: 0, end: 63, high: 0, low: 0 }];
  const out: (number[] | Buffer)[] = [[0xff, 0xd8]];
  out.push(segment(0xdb, [0, ...Array<number>(64).fill(1)]));
  const sof = [8, height >> 8, height & 255, width >> 8, width & 255, components.length];
  for (const c of components) sof.push(c.id, (c.h << 4) | c.v, 0);
  out.push(segment(spec.progressive ? 0xc2 : 0xc0, sof));
  out.push(huffmanSegment(0, 0, DC_SYMBOLS, 4), huffmanSegment(1, 0, AC_SYMBOLS, 8));
  if (spec.interval) out.push(segment(0xdd, [spec.interval >> 8, spec.interval & 255]));
  for (const scan of scans) {
    const body = [scan.components.length];
    for (const i of scan.components) body.push(components[i]!.id, 0);
    body.push(scan.start, scan.end, (scan.high << 4) | scan.low);
    out.push(segment(0xda, body), scanData(spec, scan, hMax, vMax, mcusWide, mcusHigh));
  }
  out.push([0xff, 0xd9]);
  return Buffer.concat(out.map((part) => Buffer.from(part)));
}

function scanData(spec: JpegSpec, scan: JpegScan, hMax: number, vMax: number, mcusWide: number, mcusHigh: number): Buffer {
  const bits = new BitWriter();
  const symbol = (symbols: number[], length: number, s: number) => bits.put(symbols.indexOf(s), length);
  const { start, end, high, low } = scan;
  const progressive = spec.progressive ?? false;
  const lastDc = scan.components.map(() => 0);
  let eobRun = 0;
  let corrections: number[] = [];
  const flushEobRun = () => {
    if (eobRun === 0) return;
    const n = bitLength(eobRun) - 1;
    symbol(AC_SYMBOLS, 8, n << 4);
    if (n > 0) bits.put(eobRun, n);
    eobRun = 0;
    for (const b of corrections) bits.put(b, 1);
    corrections = [];
  };
  const coefficient = (c: number, row: number, column: number, k: number) => spec.coefficient(scan.components[c]!, row, column, k);
  const dcDifference = (c: number, value: number) => {
    const diff = value - lastDc[c]!;
    lastDc[c] = value;
    const size = bitLength(Math.abs(diff));
    symbol(DC_SYMBOLS, 4, size);
    if (size > 0) bits.put(diff >= 0 ? diff : diff + (1 << size) - 1, size);
  };
  const block = (c: number, row: number, column: number) => {
    const at = (k: number) => coefficient(c, row, column, k);
    if (!progressive || (start === 0 && high === 0)) dcDifference(c, at(0) >> low);
    else if (start === 0) bits.put((at(0) >> low) & 1, 1);
    if (!progressive) {
      let run = 0;
      for (let k = 1; k < 64; k++) {
        const v = at(k);
        if (v === 0) {
          run++;
          continue;
        }
        for (; run > 15; run -= 16) symbol(AC_SYMBOLS, 8, 0xf0);
        const size = bitLength(Math.abs(v));
        symbol(AC_SYMBOLS, 8, (run << 4) | size);
        bits.put(v >= 0 ? v : v + (1 << size) - 1, size);
        run = 0;
      }
      if (run > 0) symbol(AC_SYMBOLS, 8, 0);
    } else if (start > 0 && high === 0) {
      let run = 0;
      for (let k = start; k <= end; k++) {
        const v = at(k);
        const magnitude = Math.abs(v) >> low;
        if (magnitude === 0) {
          run++;
          continue;
        }
        flushEobRun();
        for (; run > 15; run -= 16) symbol(AC_SYMBOLS, 8, 0xf0);
        const size = bitLength(magnitude);
        symbol(AC_SYMBOLS, 8, (run << 4) | size);
        bits.put(v >= 0 ? magnitude : ~magnitude, size);
        run = 0;
      }
      if (run > 0 && ++eobRun === 0x7fff) flushEobRun();
    } else if (start > 0) {
      const magnitudes: number[] = [];
      let lastNew = 0;
      for (let k = start; k <= end; k++) {
        magnitudes[k] = Math.abs(at(k)) >> low;
        if (magnitudes[k] === 1) lastNew = k;
      }
      let run = 0;
      let pending: number[] = [];
      for (let k = start; k <= end; k++) {
        const m = magnitudes[k]!;
        if (m === 0) {
          run++;
          continue;
        }
        for (; run > 15 && k <= lastNew; run -= 16) {
          flushEobRun();
          symbol(AC_SYMBOLS, 8, 0xf0);
          for (const b of pending) bits.put(b, 1);
          pending = [];
        }
        if (m > 1) {
          pending.push(m & 1);
          continue;
        }
        flushEobRun();
        symbol(AC_SYMBOLS, 8, (run << 4) | 1);
        bits.put(at(k) < 0 ? 0 : 1, 1);
        for (const b of pending) bits.put(b, 1);
        pending = [];
        run = 0;
      }
      if (run > 0 || pending.length > 0) {
        eobRun++;
        corrections.push(...pending);
        if (eobRun === 0x7fff) flushEobRun();
      }
    }
  };
  const units = scan.components.length === 1 ? undefined : mcusWide * mcusHigh;
  const component = spec.components[scan.components[0]!]!;
  const wide = Math.ceil(Math.ceil((spec.width * component.h) / hMax) / 8);
  const count = units ?? wide * Math.ceil(Math.ceil((spec.height * component.v) / vMax) / 8);
  const data: Buffer[] = [];
  let restarts = 0;
  for (let unit = 0; unit < count; unit++) {
    if (spec.interval && unit > 0 && unit % spec.interval === 0) {
      flushEobRun();
      bits.flush();
      data.push(Buffer.from(bits.bytes), Buffer.from([0xff, 0xd0 + (restarts++ & 7)]));
      bits.bytes = [];
      lastDc.fill(0);
    }
    if (units === undefined) block(0, (unit / wide) | 0, unit % wide);
    else {
      const [row, column] = [(unit / mcusWide) | 0, unit % mcusWide];
      scan.components.forEach((i, c) => {
        const { h, v } = spec.components[i]!;
        for (let y = 0; y < v; y++) for (let x = 0; x < h; x++) block(c, row * v + y, column * h + x);
      });
    }
  }
  flushEobRun();
  bits.flush();
  data.push(Buffer.from(bits.bytes));
  return Buffer.concat(data);
}
