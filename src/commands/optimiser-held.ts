// V8 optimises a function that has run hot (TurboFan, on a helper thread), which pays back over
// thousands of letters. A one-case command is over before it does: `letters generate` of the sample
// had some 60 functions optimised, 260 ms of compiling on the second core of a 280 ms run, which then
// had that core's time to share with the garbage collector's helpers, and at its end waited for the
// compiles still running. Held back until the first letter is done, the run took some 15 ms less
// (bench/README.md); the letters after the first, and every batch, are optimised as before. What a
// letter is does not depend on it: optimised code computes what the interpreter does.
import { setFlagsFromString } from 'node:v8';

/** Flags by which whoever started node chose for the optimiser themselves (V8 reads `--noopt` as `--no-opt`): then it is left alone. */
const OWN_CHOICE = /^--(no-?)?(opt|turbofan|max-opt|jitless|always-opt|always-turbofan)(=|$)/;

/**
 * The V8 whose flags this was measured and checked with (Node 20's): setting `--turbofan` again gives
 * it back the very flags it started with, so the code caches read later are still taken. A later V8
 * turns other flags off with `--no-turbofan` (Maglev's on-stack replacement) that `--turbofan` does
 * not turn back on, and would refuse every cache after the first letter, the build's too: there the
 * optimiser is left alone.
 */
const CHECKED_V8 = /^11\.3\./;

let held = false;

function leftAlone(): boolean {
  if (!CHECKED_V8.test(process.versions.v8)) return true;
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return args.some((arg) => OWN_CHOICE.test(arg.replaceAll('_', '-')));
}

/**
 * Holds V8's optimising compiler back until `releaseOptimiser()`. Called by a command once its
 * bundles are loaded: V8 keeps a code cache only for the flags it was made with, and reads the flags
 * again when they change, so a bundle loaded while the optimiser is held would be compiled afresh
 * (the flags are the build's again once it is released).
 */
export function holdOptimiser(): void {
  if (held || leftAlone()) return;
  held = true;
  setFlagsFromString('--no-turbofan');
}

/** Lets V8 optimise again (after the first letter, and when a command ends); nothing when not held. */
export function releaseOptimiser(): void {
  if (!held) return;
  held = false;
  setFlagsFromString('--turbofan');
}

/** Runs `work` with the optimiser held, released when it ends however it ends. */
export async function withOptimiserHeld<T>(work: () => Promise<T>): Promise<T> {
  holdOptimiser();
  try {
    return await work();
  } finally {
    releaseOptimiser();
  }
}
