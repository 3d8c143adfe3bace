import { CUT_SHORT, decodeScan, JpegRefusal as Refusal, type Component, type Frame, type Huffman, type Scan } from './decode-jpeg-scan.js';
import { IMAGE_LIMITS } from './image-limits.js';

/** `end`: where the end marker (EOI) ends. What follows it (a phone's "motion photo" appends a video) is no image. */
export type JpegCheck = { ok: true; end: number } | { ok: false; reason: string; withFix?: boolean };

/**
 * Checks a JPEG whole without decoding its pixels, as pdfkit embeds it as it is: every segment whole
 * up to the end marker (EOI), one frame of a kind PDF viewers show (baseline, extended or progressive
 * Huffman coding, 8-bit, grey, colour or CMYK), tables well formed and defined before the scans that
 * use them, and every block of every scan decoded from its Huffman codes (the step of decoding that can
 * fail: dequantizing and the inverse DCT cannot), with restart markers where the restart interval puts
 * them. No pixels are made, so memory stays at a few megabytes whatever the size (a progressive JPEG's
 * refinement scans need to know which coefficients are already non-zero: one bit each), and time grows
 * with the file and the number of scans, which is limited (IMAGE_LIMITS.jpegScans): a scan may cover
 * the whole image in a few bytes.
 *
 * `data` is a JPEG whose start and size load-image.ts has checked (check-image-header.ts).
 */
export function checkJpeg(data: Buffer): JpegCheck {
  try {
    return { ok: true, end: walk(data) };
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    return { ok: false, reason: err.message, ...(err.withFix ? { withFix: true } : {}) };
  }
}

/** A Huffman table as defined: its counts and symbols (views of the file), decoded when a scan first uses it. */
interface Table {
  counts: Uint8Array;
  symbols: Uint8Array;
  huffman?: Huffman;
}

/** Where the end marker ends, once everything before it is checked. */
function walk(data: Buffer): number {
  let end: number;
  let frame: Frame | undefined;
  let frameAt = -1;
  const dcTables: (Table | undefined)[] = [];
  const acTables: (Table | undefined)[] = [];
  const quantTables = new Set<number>();
  let interval = 0;
  let scans = 0;
  for (let at = 2; ;) {
    if (at >= data.length) throw new Refusal(CUT_SHORT);
    if (data[at] !== 0xff) throw new Refusal(`it has a byte that is not a marker where a marker should be, at byte ${at}`);
    // Any marker may follow fill bytes (0xFF).
    while (data[at + 1] === 0xff) at++;
    if (at + 1 >= data.length) throw new Refusal(CUT_SHORT);
    const markerAt = at;
    const marker = data[at + 1]!;
    at += 2;
    if (marker === 0xd9) {
      end = at;
      break;
    }
    if (marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      throw new Refusal(`it has a ${marker === 0xd8 ? 'second start' : 'stray'} marker (0xFF${hex(marker)}) at byte ${markerAt}`);
    }
    if (at + 2 > data.length) throw new Refusal(CUT_SHORT);
    const length = data.readUInt16BE(at);
    if (length < 2) throw new Refusal(`its segment at byte ${markerAt} gives a length of ${length}`);
    if (at + length > data.length) throw new Refusal(CUT_SHORT);
    const body = data.subarray(at + 2, at + length);
    at += length;
    if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) {
      if (frame) throw new Refusal('it has a second frame header (SOF)');
      frame = frameOf(body, marker === 0xc2);
      frameAt = markerAt;
    } else if ((marker >= 0xc3 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8) || marker === 0xde || marker === 0xdf) {
      throw new Refusal(
        'it is a lossless, hierarchical or arithmetic-coded JPEG, which PDF viewers may not show: save it again as a baseline JPEG, or as a PNG',
        true,
      );
    } else if (marker === 0xc4) huffmanTables(body, dcTables, acTables);
    else if (marker === 0xdb) quantizationTables(body, quantTables);
    else if (marker === 0xdd) {
      if (length !== 4) throw new Refusal('its restart interval segment (DRI) is not 4 bytes long');
      interval = body.readUInt16BE(0);
    } else if (marker === 0xda) {
      if (!frame) throw new Refusal('its image data comes before its frame header (SOF)');
      if (++scans > IMAGE_LIMITS.jpegScans) {
        throw new Refusal(`it has more than ${IMAGE_LIMITS.jpegScans} scans (a progressive JPEG has about 10): save it again as a baseline JPEG`, true);
      }
      const scan = scanOf(body, frame, dcTables, acTables, quantTables);
      at = decodeScan(data, at, frame, scan, interval, scans);
    } else if (!((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe || marker === 0xdc)) {
      throw new Refusal(`it has a segment of unknown type 0xFF${hex(marker)} at byte ${markerAt}`);
    }
  }
  if (!frame || scans === 0) throw new Refusal('it has no image data (no scan)');
  const missing = frame.components.find((c) => !c.inScan);
  if (missing) throw new Refusal(`its colour component ${missing.id} has no image data`);
  if (pdfkitFrameAt(data) !== frameAt) throw new Refusal('its segments are laid out in a way the PDF writer cannot follow: save it again', true);
  return end;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

function frameOf(body: Buffer, progressive: boolean): Frame {
  if (body.length < 6 || body.length !== 6 + 3 * body[5]!) throw new Refusal('its frame header (SOF) is not as long as its components need');
  if (body[0] !== 8) throw new Refusal(`it is a ${body[0]}-bit JPEG, which PDF viewers may not show: save it again as an 8-bit JPEG, or as a PNG`, true);
  const height = body.readUInt16BE(1);
  const width = body.readUInt16BE(3);
  const count = body[5]!;
  if (count !== 1 && count !== 3 && count !== 4) {
    throw new Refusal(`it has ${count} colour components, which a PDF cannot show: save it again as a grey, RGB or CMYK JPEG, or as a PNG`, true);
  }
  const components: Component[] = [];
  for (let i = 0; i < count; i++) {
    const [id, sampling, quant] = [body[6 + 3 * i]!, body[7 + 3 * i]!, body[8 + 3 * i]!];
    const [h, v] = [sampling >> 4, sampling & 15];
    if (components.some((c) => c.id === id)) throw new Refusal(`its frame header (SOF) names colour component ${id} twice`);
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new Refusal(`its colour component ${id} has sampling factors ${h}×${v}, which JPEG does not have`);
    if (quant > 3) throw new Refusal(`its colour component ${id} uses quantization table ${quant}, which JPEG does not have`);
    components.push({ id, h, v, quant, wide: 0, high: 0, inScan: false });
  }
  const hMax = Math.max(...components.map((c) => c.h));
  const vMax = Math.max(...components.map((c) => c.v));
  for (const c of components) {
    c.wide = Math.ceil(Math.ceil((width * c.h) / hMax) / 8);
    c.high = Math.ceil(Math.ceil((height * c.v) / vMax) / 8);
  }
  return { progressive, components, hMax, vMax, mcusWide: Math.ceil(width / (8 * hMax)), mcusHigh: Math.ceil(height / (8 * vMax)) };
}

function quantizationTables(body: Buffer, defined: Set<number>): void {
  for (let at = 0; at < body.length;) {
    const [precision, id] = [body[at]! >> 4, body[at]! & 15];
    if (precision > 1 || id > 3) throw new Refusal('its quantization table segment (DQT) names a table JPEG does not have');
    at += 1 + 64 * (precision + 1);
    if (at > body.length) throw new Refusal('its quantization table segment (DQT) is shorter than its tables');
    defined.add(id);
  }
}

function huffmanTables(body: Buffer, dc: (Table | undefined)[], ac: (Table | undefined)[]): void {
  for (let at = 0; at < body.length;) {
    const [kind, id] = [body[at]! >> 4, body[at]! & 15];
    if (kind > 1 || id > 3) throw new Refusal('its Huffman table segment (DHT) names a table JPEG does not have');
    if (at + 17 > body.length) throw new Refusal('its Huffman table segment (DHT) is shorter than its tables');
    const counts = body.subarray(at + 1, at + 17);
    const total = counts.reduce((sum, n) => sum + n, 0);
    if (total > 256 || at + 17 + total > body.length) throw new Refusal('its Huffman table segment (DHT) is shorter than its tables');
    const symbols = body.subarray(at + 17, at + 17 + total);
    // A DC difference has at most 15 bits (libjpeg refuses more, as it would shift past its coefficients).
    if (kind === 0 && symbols.some((s) => s > 15)) throw new Refusal('its Huffman table for DC differences has a size past 15 bits');
    // Codes are given in order of length, each the one after the last: all ones is none, and a table
    // using it, or with more codes than a length has, is refused (as libjpeg does).
    for (let length = 1, code = 0; length <= 16; length++, code <<= 1) {
      code += counts[length - 1]!;
      if (code >= 1 << length) throw new Refusal('its Huffman table has more codes than fit in 16 bits');
    }
    // Decoded only when a scan uses it: a file may define hundreds of thousands of tables.
    (kind === 0 ? dc : ac)[id] = { counts, symbols };
    at += 17 + total;
  }
}

function huffmanOf(table: Table | undefined): Huffman | undefined {
  if (table && !table.huffman) table.huffman = decodingOf(table.counts, table.symbols);
  return table?.huffman;
}

/** The canonical Huffman code of `counts` codes of each length 1 to 16. */
function decodingOf(counts: Uint8Array, symbols: Uint8Array): Huffman {
  const fast = new Uint16Array(512);
  const maxCode = new Int32Array(17).fill(-1);
  const firstCode = new Int32Array(17);
  const firstIndex = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    firstCode[length] = code;
    firstIndex[length] = k;
    for (let i = 0; i < counts[length - 1]!; i++, code++, k++) {
      if (length <= 9) fast.fill((length << 8) | symbols[k]!, code << (9 - length), (code + 1) << (9 - length));
    }
    if (counts[length - 1]! > 0) maxCode[length] = code - 1;
    code <<= 1;
  }
  return { fast, maxCode, firstCode, firstIndex, symbols };
}

function scanOf(body: Buffer, frame: Frame, dcTables: (Table | undefined)[], acTables: (Table | undefined)[], quantTables: Set<number>): Scan {
  const count = body[0] ?? 0;
  if (count < 1 || count > 4 || body.length !== 4 + 2 * count) throw new Refusal('its scan header (SOS) is not as long as its components need');
  const [start, end, high, low] = [body[1 + 2 * count]!, body[2 + 2 * count]!, body[3 + 2 * count]! >> 4, body[3 + 2 * count]! & 15];
  const scan: Scan = { components: [], dc: [], ac: [], start, end, high, low };
  if (frame.progressive) {
    const dcScan = start === 0;
    if ((dcScan ? end !== 0 : start > end || end > 63 || count !== 1) || (high !== 0 && low !== high - 1) || low > 13) {
      throw new Refusal(`its scan ${start}-${end} (successive approximation ${high}, ${low}) is not one a progressive JPEG may have`);
    }
  }
  for (let i = 0; i < count; i++) {
    const id = body[1 + 2 * i]!;
    const component = frame.components.find((c) => c.id === id);
    if (!component || scan.components.includes(component))
      throw new Refusal(`its scan header (SOS) names colour component ${id}, which its frame has not or has named already`);
    const [dcId, acId] = [body[2 + 2 * i]! >> 4, body[2 + 2 * i]! & 15];
    // Which tables this scan decodes with: DC for a sequential or first DC scan, AC for a sequential or AC scan.
    const needsDc = !frame.progressive || (start === 0 && high === 0);
    const needsAc = !frame.progressive || start > 0;
    if ((needsDc && !dcTables[dcId]) || (needsAc && !acTables[acId]))
      throw new Refusal(`its scan of colour component ${id} uses a Huffman table not defined before it`);
    if (!quantTables.has(component.quant))
      throw new Refusal(`its colour component ${id} uses quantization table ${component.quant}, not defined before its scan`);
    component.inScan = true;
    scan.components.push(component);
    scan.dc.push(needsDc ? huffmanOf(dcTables[dcId]) : undefined);
    scan.ac.push(needsAc ? huffmanOf(acTables[acId]) : undefined);
  }
  if (count > 1 && scan.components.reduce((sum, c) => sum + c.h * c.v, 0) > 10) throw new Refusal('its scan has more than 10 blocks in each unit (MCU)');
  return scan;
}

/**
 * Where pdfkit's own walk of the segments finds the frame header (its embed reads the size and colours
 * there): it skips to each next 0xFF and takes what follows as a marker and a length, so fill bytes or
 * a marker without a length before the frame send it elsewhere.
 */
function pdfkitFrameAt(data: Buffer): number {
  for (let at = 2; at < data.length;) {
    while (at < data.length && data[at] !== 0xff) at++;
    if (at + 1 >= data.length) return -1;
    const marker = data[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4) return at;
    at += 2 + (at + 3 < data.length ? data.readUInt16BE(at + 2) : 0);
  }
  return -1;
}
