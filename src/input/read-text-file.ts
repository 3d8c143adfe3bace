import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Larger files are refused: no real case or template comes near this, and it bounds memory for hostile input. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type TextRead = { text: string } | { message: string; line?: number; column?: number };

/**
 * The text of an input file (a YAML file, a template), or why it cannot be one: not a regular file,
 * too large, or not UTF-8 text (UTF-16, an image, an archive, a broken character), each said with
 * its fix. `kind` names the file in messages ("not a YAML text file"). A UTF-8 byte order mark is
 * dropped: it is no character of the first line, whose columns are counted as an editor shows them.
 */
export function readTextFile(file: string, kind: string): TextRead {
  const read = readCapped(file, kind);
  if ('message' in read) return read;
  const what = notText(read.bytes);
  if (what)
    return {
      message: `is ${what}, not a ${kind} text file. ${what.startsWith('UTF') ? 'Save it as UTF-8 (most editors offer "Save with encoding").' : `Name the ${kind} file itself.`}`,
    };
  const bad = firstInvalidUtf8(read.bytes);
  if (bad !== undefined) {
    // lastIndexOf with -1 would search from the end: a bad first byte was placed at the last line.
    const lineEnd = bad === 0 ? -1 : read.bytes.lastIndexOf(0x0a, bad - 1);
    // The first line starts after the byte order mark, which no editor shows.
    const lineStart = lineEnd >= 0 ? lineEnd + 1 : hasBom(read.bytes) ? 3 : 0;
    const line = read.bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length + 1;
    const column = read.bytes.subarray(lineStart, bad).toString('utf8').length + 1;
    const hex = `0x${read.bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}`;
    return {
      message: `byte ${hex} is not UTF-8 text: the file was saved in another encoding or holds a broken character. Save it as UTF-8 (most editors offer "Save with encoding") and retype the character here.`,
      line,
      column,
    };
  }
  return { text: read.bytes.subarray(hasBom(read.bytes) ? 3 : 0).toString('utf8') };
}

function hasBom(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Files people attach by mistake, by their first bytes. */
const SIGNATURES: [bytes: number[], what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (a Word, OpenDocument or Excel file is one)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Microsoft Office document'],
  [[0x1f, 0x8b], 'a gzip-compressed file'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF document'],
];

/**
 * What a file is when it is plainly not UTF-8 text: UTF-32 or UTF-16 by their byte order marks or, without
 * one, by NUL bytes at every other (or every fourth) place, a known file type, or binary data (a NUL among
 * bytes that are not UTF-8). A stray NUL or a broken character in a text file is left to be placed.
 */
function notText(bytes: Buffer): string | undefined {
  const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return 'UTF-32';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'UTF-16';
  for (const [signature, what] of SIGNATURES) if (starts(...signature)) return what;
  const head = bytes.subarray(0, 4096);
  if (head.length >= 4) {
    const nulAt = (parity: number, step: number) => {
      let n = 0;
      let of = 0;
      for (let i = parity; i < head.length; i += step, of++) if (head[i] === 0) n++;
      return of > 0 ? n / of : 0;
    };
    if ((nulAt(1, 4) > 0.9 && nulAt(2, 4) > 0.9 && nulAt(3, 4) > 0.9) || (nulAt(0, 4) > 0.9 && nulAt(1, 4) > 0.9 && nulAt(2, 4) > 0.9)) return 'UTF-32';
    if ((nulAt(1, 2) > 0.6 && nulAt(0, 2) < 0.1) || (nulAt(0, 2) > 0.6 && nulAt(1, 2) < 0.1)) return 'UTF-16';
  }
  if (head.includes(0) && firstInvalidUtf8(bytes) !== undefined) return 'binary data';
  return undefined;
}

/**
 * The file's bytes, read only when it is a regular file of at most MAX_FILE_BYTES: a FIFO or a device
 * would block or never end. Opened non-blocking and checked on the open descriptor, so the file
 * cannot be swapped between the check and the read.
 */
function readCapped(file: string, kind: string): { bytes: Buffer } | { message: string } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { message: 'file not found. Check the path.' };
    if (code === 'EISDIR') return { message: `is a folder, not a ${kind} file.` };
    if (code === 'EACCES' || code === 'EPERM') return { message: 'you have no permission to read this file. Check its permissions.' };
    if (code === 'ELOOP') return { message: 'is a symbolic link that leads to itself (a loop of links). Replace it with the file itself.' };
    if (code === 'ENAMETOOLONG') return { message: 'the path is too long for this system. Move the file to a folder with a shorter path.' };
    // The process's limit, not the file's fault: "cannot read the file (EMFILE)" gave no fix.
    if (code === 'EMFILE' || code === 'ENFILE') {
      return {
        message:
          'cannot read the file: too many files are open at once (the limit of open files, ulimit -n, is reached). Raise the limit (ulimit -n 4096) or run with fewer --jobs, then run the same command again.',
      };
    }
    return { message: `cannot read the file (${code ?? String(err)}).` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { message: `is a folder, not a ${kind} file.` };
    if (!stat.isFile()) {
      const what = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a special file';
      return { message: `is not a regular file (it is ${what}): name a ${kind} file saved on disk.` };
    }
    // One byte more than allowed tells an oversized file without reading all of it.
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_FILE_BYTES) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_FILE_BYTES || stat.size > MAX_FILE_BYTES) {
      return {
        message: `file is ${Math.max(stat.size, length)} bytes; files over ${MAX_FILE_BYTES} bytes are refused. Split it or remove what does not belong in it.`,
      };
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return { message: `is a folder, not a ${kind} file.` };
    return { message: `cannot read the file (${code ?? String(err)}).` };
  } finally {
    closeSync(fd);
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), if any. */
function firstInvalidUtf8(bytes: Buffer): number | undefined {
  if (isUtf8(bytes)) return undefined;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    const next = bytes[i + 1]!;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((b === 0xe0 && next < 0xa0) || (b === 0xed && next > 0x9f) || (b === 0xf0 && next < 0x90) || (b === 0xf4 && next > 0x8f)) return i;
    i += length;
  }
  return undefined;
}
