// import() of an ES module for the bundles, which cannot make one themselves: esbuild turns their
// import() into require (scripts/build.ts), which refuses a module with top-level await (harfbuzzjs),
// and the loader compiles them with vm.Script (load-bundle.cjs), where import() has no module loader
// before Node 20.12. Node loads this file itself, so its import() is Node's own.
'use strict';

/** The namespace of the ES module at `url` (a file: URL). */
function importModule(url) {
  return import(url);
}

module.exports = { importModule };
