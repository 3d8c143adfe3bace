// Bundled in place of the `tiny-inflate` package (scripts/build.ts): the same function, inflating raw
// DEFLATE data into `dest`, done by Node's zlib rather than in JavaScript. fontkit and unicode-trie
// inflate their Unicode tables with it as they load, some 20 ms of every new process and worker
// thread in JavaScript that has not been compiled yet. As tiny-inflate: bytes beyond `dest` are
// dropped, data after the last block ignored, a shorter result returned as the part of `dest` it fills.
'use strict';
const { inflateRawSync } = require('node:zlib');

module.exports = function inflate(source, dest) {
  let out;
  try {
    out = inflateRawSync(source);
  } catch {
    throw new Error('Data error');
  }
  const length = Math.min(out.length, dest.length);
  dest.set(out.subarray(0, length));
  return length < dest.length ? dest.subarray(0, length) : dest;
};
