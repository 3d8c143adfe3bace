// Loads a bundle of dist/ (a CommonJS file scripts/build.ts writes) with V8's code cache for it, which
// the build makes beside it by running the tool once (`<bundle>.v8cache`). A new process then skips
// parsing and compiling the functions that run on every command, some 100 ms of a cold `generate`.
//
// The cache is only a shortcut to the same code. Its file starts with the first line of the bundle it
// was made from, which names that build (a random id the build writes into every bundle), then the
// sums of that bundle's source and of the cached code (SUM below): a cache of another build, of a bundle edited
// since, or damaged on disk is not used (V8 trusts the code it is given, and crashes on a damaged
// one), and V8 itself refuses one made by another V8 or with other flags. Either way the bundle is
// then compiled from its source, as Node would, and nothing else changes.
'use strict';
const { isAscii } = require('node:buffer');
const { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, resolve } = require('node:path');
const { fileURLToPath } = require('node:url');
const vm = require('node:vm');

/** The first line of every bundle: `// letters build <random id>` (scripts/build.ts). */
const BUILD_LINE = /^\/\/ letters build [0-9a-f-]{36}\n/;
/** Bundles loaded in this thread, by absolute path: their exports and their compiled script. */
const loaded = new Map();

function cacheFileOf(file) {
  return `${file}.v8cache`;
}

/** The build line of a bundle's bytes, which heads its cache file; none for a file not built so. */
function buildLine(bytes) {
  const match = BUILD_LINE.exec(bytes.toString('latin1', 0, 64));
  return match ? Buffer.from(match[0], 'latin1') : undefined;
}

/** What a bundle's source is run inside, as Node runs a CommonJS module. */
const WRAPPER_HEAD = Buffer.from('(function (exports, require, module, __filename, __dirname) {', 'latin1');
const WRAPPER_TAIL = Buffer.from('\n})', 'latin1');

/**
 * A bundle's bytes, read into the middle of one buffer that holds them in their wrapper. A string of
 * 1 MB or more that Node makes from bytes lies outside the V8 heap; the same source wrapped by
 * joining strings was copied into the heap whole when V8 compiled it: 3.5 MB more heap in each thread
 * that loads commands.cjs, and some of the garbage collection of a cold `generate`.
 */
function readWrapped(file) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafeSlow(WRAPPER_HEAD.length + size + WRAPPER_TAIL.length);
    WRAPPER_HEAD.copy(buffer, 0);
    let read = 0;
    for (let n; read < size && (n = readSync(fd, buffer, WRAPPER_HEAD.length + read, size - read, read)) > 0;) read += n;
    const end = WRAPPER_HEAD.length + read;
    WRAPPER_TAIL.copy(buffer, end);
    return { bytes: buffer.subarray(WRAPPER_HEAD.length, end), wrapped: buffer.subarray(0, end + WRAPPER_TAIL.length) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The sum a cache file gives of its bundle and of its code: zlib's CRC-32 where Node has it (20.15
 * and later), as Node's own compile cache checks its files, in half the time of a SHA-256 (some 4 ms
 * of a cold `generate`; no one forges a file in dist/ who could as well write the code beside it);
 * else SHA-256, native (a CRC-32 in JavaScript took 14 ms). Its name heads the sums, so a cache made
 * under the other is not used, never checked wrongly.
 */
const { crc32 } = require('node:zlib');
const SUM = crc32
  ? { name: 'crc32', digits: 8, of: (bytes) => (crc32(bytes) >>> 0).toString(16).padStart(8, '0') }
  : { name: 'sha256', digits: 64, of: (bytes) => require('node:crypto').createHash('sha256').update(bytes).digest('hex') };
const checksum = SUM.of;

/** What heads a bundle's cache file: its build line, then the sum's name, the sums of its source and of the cached code. */
function header(line, sourceHash, code) {
  return Buffer.from(`${line.toString('latin1')}${SUM.name} ${sourceHash} ${checksum(code)}\n`, 'latin1');
}

/** The cached code of the bundle whose source has this build line and hash, if its cache file was made from these very bytes and is whole. */
function cachedDataFor(file, line, sourceHash) {
  if (!line) return undefined;
  let bytes;
  try {
    bytes = readFileSync(cacheFileOf(file));
  } catch {
    return undefined;
  }
  // The build line, the sum's name and two sums, each after a space, a line end.
  const headerLength = line.length + SUM.name.length + 1 + SUM.digits + 1 + SUM.digits + 1;
  if (bytes.length <= headerLength || !bytes.subarray(0, line.length).equals(line)) return undefined;
  const code = bytes.subarray(headerLength);
  if (!bytes.subarray(0, headerLength).equals(header(line, sourceHash, code))) return undefined;
  return code;
}

/**
 * The exports of the bundle at `file` (a path or file: URL), run once per thread like a CommonJS
 * module. Its `require` of another bundle beside it (`./name.cjs`) loads that one the same way.
 */
function loadBundle(file) {
  file = pathOf(file);
  const known = loaded.get(file);
  if (known) return known.module.exports;
  // Stacks mapped back to src/ (LETTERS_DEBUG, --enable-source-maps) need Node's own loader, which
  // reads the bundles' source maps; it has no code cache, and debugging needs none.
  if (process.sourceMapsEnabled) return require(file);
  // The build writes bundles in ASCII (scripts/build.ts), read as Latin-1: a copy. Decoding UTF-8 is
  // much slower once a file holds a single other character (21 ms for 3.5 MB against 4), and the
  // checksum is taken of the bytes, not of a string (which would be encoded to UTF-8 again).
  const { bytes, wrapped: wrappedBytes } = readWrapped(file);
  const wrapped = wrappedBytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const line = buildLine(bytes);
  const sourceHash = line ? checksum(bytes) : undefined;
  const cachedData = cachedDataFor(file, line, sourceHash);
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  // Not the source itself: the script holds it, and a second copy of a 3 MB bundle in every thread
  // is memory for nothing.
  loaded.set(file, { module, script, line, sourceHash, cacheUsed: !!cachedData && !script.cachedDataRejected });
  const own = createRequire(file);
  const bundleRequire = (id) => (id.startsWith('./') && id.endsWith('.cjs') ? loadBundle(resolve(dirname(file), id)) : own(id));
  bundleRequire.resolve = own.resolve;
  try {
    script.runInThisContext().call(module.exports, module.exports, bundleRequire, module, file, dirname(file));
  } catch (err) {
    loaded.delete(file);
    throw err;
  }
  return module.exports;
}

/**
 * Writes the code cache of every bundle this thread has loaded, with all the functions it has run so
 * far: what `npm run build` calls after running the tool once. Each file whole or not at all.
 */
function writeCodeCaches() {
  for (const [file, { script, line, sourceHash }] of loaded) {
    if (!line) continue;
    const code = script.createCachedData();
    const target = cacheFileOf(file);
    // Workers write theirs too: a temp name per thread (worker_threads is loaded only here, when building).
    const temp = `${target}.tmp-${process.pid}-${require('node:worker_threads').threadId}`;
    writeFileSync(temp, Buffer.concat([header(line, sourceHash, code), code]));
    renameSync(temp, target);
  }
}

/** Whether this thread ran the bundle at `file` (loaded already) from its code cache: for tests, and for measuring. */
function usedCodeCache(file) {
  return loaded.get(pathOf(file))?.cacheUsed === true;
}

/** The absolute path of a bundle given as a path or a file: URL. */
function pathOf(file) {
  return typeof file === 'string' && !file.startsWith('file:') ? resolve(file) : fileURLToPath(file);
}

module.exports = { loadBundle, writeCodeCaches, usedCodeCache };
