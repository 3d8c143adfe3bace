import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir, type CliRun } from '../helpers/run-cli.js';

const mounts: string[] = [];

/** A temp folder, removed after the test file like every `tempDir` (after `cleanUp` has unmounted what is inside). */
export function scratch(prefix = 'letters-faults-'): string {
  return tempDir(prefix);
}

/** Unmounts every tmpfs these helpers mounted; call it in afterAll. */
export function cleanUp(): void {
  for (const m of mounts.splice(0).reverse()) spawnSync('umount', ['-l', m]);
}

let mountable: string | undefined | null = null;
/** Why tmpfs cannot be mounted here (not root, no mount), or undefined when it can; checked once. */
export function cannotMount(): string | undefined {
  if (mountable !== null) return mountable;
  const probe = scratch();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { encoding: 'utf8' });
  if (r.status === 0) spawnSync('umount', [probe]);
  mountable = r.status === 0 ? undefined : `cannot mount a tmpfs here (${(r.stderr || r.error?.message || 'no mount').trim()})`;
  return mountable;
}

/** A small tmpfs of `size` (e.g. 200k), unmounted by `cleanUp`. */
export function tmpfs(size: string): string {
  const dir = scratch('letters-tmpfs-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
  mounts.push(dir);
  return dir;
}

/** Remounts a tmpfs made by `tmpfs` read-only (root ignores chmod, so this is how a test gets EROFS). */
export function makeReadOnly(dir: string): void {
  const r = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount failed: ${r.stderr}`);
}

/** Runs the built CLI, bounded in time (a hang fails the test instead of stalling the run). */
export function run(args: string[], cwd: string, timeout = 60_000): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the built CLI without waiting; `done` resolves with its exit code (or signal) and output. */
export function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the last output arrive.
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    }),
  );
  return { child, done };
}

/** Every file and link under a folder (recursive), relative to it. */
export function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

export function tempFiles(dir: string): string[] {
  return allFiles(dir).filter((f) => /\.tmp-/.test(f) || f.endsWith('.lock'));
}

/** What a user must never see. */
export function expectClean(r: { stderr: string }): void {
  for (const bad of ['internal error', 'This is a bug', 'Unhandled', 'triggerUncaughtException', '    at ', 'node:internal']) {
    if (r.stderr.includes(bad)) throw new Error(`stderr shows \`${bad}\`:\n${r.stderr}`);
  }
}
