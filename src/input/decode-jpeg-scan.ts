// The entropy-coded data of a JPEG's scans, decoded block by block without making pixels (check-jpeg.ts walks the rest).

/** A reason check-jpeg.ts gives for refusing a JPEG; `withFix` when the reason says what to do. */
export class JpegRefusal extends Error {
  constructor(
    message: string,
    readonly withFix = false,
  ) {
    super(message);
  }
}

export const CUT_SHORT = 'it could not be decoded to the end';

export interface Component {
  id: number;
  h: number;
  v: number;
  quant: number;
  /** Blocks of 8×8 samples across and down, as a scan of this component alone codes them. */
  wide: number;
  high: number;
  inScan: boolean;
  /** For progressive refinement: which coefficients of each block are non-zero so far, 64 bits a block. */
  nonZero?: Uint32Array;
}

export interface Frame {
  progressive: boolean;
  components: Component[];
  hMax: number;
  vMax: number;
  mcusWide: number;
  mcusHigh: number;
}

export interface Huffman {
  /** Codes of up to 9 bits by their 9 leading bits: length << 8 | symbol, 0 for a longer code. */
  fast: Uint16Array;
  /** Canonical decoding of longer codes, by code length. */
  maxCode: Int32Array;
  firstCode: Int32Array;
  firstIndex: Int32Array;
  symbols: Uint8Array;
}

export interface Scan {
  components: Component[];
  dc: (Huffman | undefined)[];
  ac: (Huffman | undefined)[];
  start: number;
  end: number;
  high: number;
  low: number;
}

/**
 * The entropy-coded data of a scan from `at`, its codes read bit by bit (0xFF 0x00 is a 0xFF byte).
 * A marker, or the end of the file, is met by reading zeros, counted in `padding`: taking a bit of
 * them means the image data stopped before its last block.
 */
class Bits {
  /** Bits not yet taken, the last `count` of `word`; the last `padding` of those are not in the file. */
  word = 0;
  count = 0;
  padding = 0;
  constructor(
    readonly data: Buffer,
    public at: number,
    readonly scan: number,
  ) {}

  fill(): void {
    const data = this.data;
    while (this.count <= 24) {
      let byte = -1;
      if (this.padding === 0 && this.at < data.length) {
        byte = data[this.at]!;
        if (byte !== 0xff) this.at++;
        else if (data[this.at + 1] === 0x00) this.at += 2;
        else byte = -1;
      }
      if (byte < 0) {
        this.padding += 8;
        byte = 0;
      }
      this.word = ((this.word << 8) | byte) >>> 0;
      this.count += 8;
    }
  }

  take(n: number): number {
    if (this.count < n) this.fill();
    const value = (this.word >>> (this.count - n)) & ((1 << n) - 1);
    this.count -= n;
    if (this.count < this.padding) this.stopped();
    return value;
  }

  symbol(table: Huffman): number {
    if (this.count < 16) this.fill();
    const fast = table.fast[(this.word >>> (this.count - 9)) & 511]!;
    if (fast !== 0) {
      this.count -= fast >> 8;
      if (this.count < this.padding) this.stopped();
      return fast & 255;
    }
    for (let length = 10; length <= 16; length++) {
      const code = (this.word >>> (this.count - length)) & ((1 << length) - 1);
      if (code <= table.maxCode[length]!) {
        this.count -= length;
        if (this.count < this.padding) this.stopped();
        return table.symbols[table.firstIndex[length]! + code - table.firstCode[length]!]!;
      }
    }
    throw new JpegRefusal(`its image data is damaged: scan ${this.scan} has a code its Huffman table does not have`);
  }

  stopped(): never {
    if (this.at + 1 >= this.data.length) throw new JpegRefusal(CUT_SHORT);
    throw new JpegRefusal(`its image data is damaged: scan ${this.scan} stops at a marker (byte ${this.at}) before its last block`);
  }

  /** Whole bytes taken into `word` but not read, after the bits left of the byte being read are dropped. */
  unreadBytes(): number {
    return ((this.count - this.padding) / 8) | 0;
  }

  /** Starts again at `at`, after a restart marker. */
  restart(at: number): void {
    this.at = at;
    this.word = this.count = this.padding = 0;
  }
}

/** Decodes every block of a scan whose entropy-coded data starts at `at`; where the next marker starts. */
export function decodeScan(data: Buffer, at: number, frame: Frame, scan: Scan, interval: number, number: number): number {
  const bits = new Bits(data, at, number);
  const single = scan.components.length === 1;
  const units = single ? scan.components[0]!.wide * scan.components[0]!.high : frame.mcusWide * frame.mcusHigh;
  const block = blockDecoder(frame, scan, bits);
  let restarts = 0;
  for (let unit = 0; unit < units; unit++) {
    if (interval > 0 && unit > 0 && unit % interval === 0) {
      if (bits.unreadBytes() > 0) throw new JpegRefusal(`its image data is damaged: scan ${number} has bytes past restart interval ${restarts + 1}`);
      let next = bits.at;
      while (data[next] === 0xff && data[next + 1] === 0xff) next++;
      if (next + 1 >= data.length) throw new JpegRefusal(CUT_SHORT);
      if (data[next] !== 0xff || data[next + 1] !== 0xd0 + (restarts & 7)) {
        throw new JpegRefusal(`its image data is damaged: scan ${number} lacks restart marker ${restarts & 7} after restart interval ${restarts + 1}`);
      }
      restarts++;
      bits.restart(next + 2);
      block.restart();
    }
    if (single) block.decode(0, unit);
    else {
      // Scans of several components code DC coefficients (or all, sequentially): no block's index is needed.
      for (let i = 0; i < scan.components.length; i++) {
        const c = scan.components[i]!;
        for (let n = c.h * c.v; n > 0; n--) block.decode(i, -1);
      }
    }
  }
  // After the last block: bits up to the byte's end are padding; encoders may leave bytes before the
  // next marker (as jpeg-js and libjpeg allow), and a restart marker after the last interval.
  let next = bits.at;
  while (next + 1 < data.length && !(data[next] === 0xff && data[next + 1] !== 0x00)) next++;
  if (next + 1 >= data.length) throw new JpegRefusal(CUT_SHORT);
  while (data[next + 1] === 0xff) next++;
  if (data[next + 1]! >= 0xd0 && data[next + 1]! <= 0xd7) next += 2;
  return next;
}

interface BlockDecoder {
  /** Decodes block `index` of the scan's component `c` (its index in the component's own block grid for a one-component scan). */
  decode(c: number, index: number): void;
  restart(): void;
}

function blockDecoder(frame: Frame, scan: Scan, bits: Bits): BlockDecoder {
  const { start, end, high } = scan;
  let eobRun = 0;
  const restart = () => (eobRun = 0);
  if (!frame.progressive) {
    return {
      restart,
      decode(c) {
        const dc = bits.symbol(scan.dc[c]!);
        if (dc > 0) bits.take(dc);
        const ac = scan.ac[c]!;
        for (let k = 1; k < 64;) {
          const rs = bits.symbol(ac);
          const [run, size] = [rs >> 4, rs & 15];
          if (size === 0) {
            if (run !== 15) break;
            k += 16;
          } else {
            bits.take(size);
            k += run + 1;
          }
        }
      },
    };
  }
  if (start === 0) {
    return {
      restart,
      decode(c) {
        if (high > 0) bits.take(1);
        else {
          const size = bits.symbol(scan.dc[c]!);
          if (size > 0) bits.take(size);
        }
      },
    };
  }
  const component = scan.components[0]!;
  const nonZero = (component.nonZero ??= new Uint32Array(component.wide * component.high * 2));
  const ac = scan.ac[0]!;
  const isNonZero = (index: number, k: number) => (nonZero[2 * index + (k >> 5)]! >>> (k & 31)) & 1;
  const setNonZero = (index: number, k: number) => (nonZero[2 * index + (k >> 5)]! |= 1 << (k & 31));
  const endRun = (run: number) => (1 << run) + (run > 0 ? bits.take(run) : 0);
  if (high === 0) {
    // A first AC scan: coefficients start..end, or a run of blocks with none (EOBRUN).
    return {
      restart,
      decode(_c, index) {
        if (eobRun > 0) {
          eobRun--;
          return;
        }
        for (let k = start; k <= end;) {
          const rs = bits.symbol(ac);
          const [run, size] = [rs >> 4, rs & 15];
          if (size === 0) {
            if (run !== 15) {
              eobRun = endRun(run) - 1;
              break;
            }
            k += 16;
          } else {
            k += run;
            bits.take(size);
            if (k <= end) setNonZero(index, k);
            k++;
          }
        }
      },
    };
  }
  // A refinement AC scan: a bit for each coefficient non-zero so far, new ones of ±1 after runs of zero ones.
  const corrections = (index: number, from: number) => {
    // Coefficients from..end already non-zero, each with a correction bit: counted, not visited.
    let n = 0;
    for (let w = from >> 5; w <= end >> 5; w++) {
      let word = nonZero[2 * index + w]!;
      if (w === from >> 5) word &= ~0 << (from & 31);
      if (w === end >> 5 && (end & 31) < 31) word &= (1 << ((end & 31) + 1)) - 1;
      n += popcount(word);
    }
    for (; n > 16; n -= 16) bits.take(16);
    if (n > 0) bits.take(n);
  };
  return {
    restart,
    decode(_c, index) {
      let k = start;
      if (eobRun === 0) {
        for (; k <= end; k++) {
          const rs = bits.symbol(ac);
          let run = rs >> 4;
          const size = rs & 15;
          if (size === 0 && run !== 15) {
            eobRun = endRun(run);
            break;
          }
          if (size !== 0) {
            if (size !== 1) throw new JpegRefusal(`its image data is damaged: scan ${bits.scan} refines a coefficient by more than one bit`);
            bits.take(1);
          }
          for (; k <= end; k++) {
            if (isNonZero(index, k)) bits.take(1);
            else if (--run < 0) break;
          }
          if (size !== 0 && k <= end) setNonZero(index, k);
        }
      }
      if (eobRun > 0) {
        corrections(index, k);
        eobRun--;
      }
    },
  };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63;
}
