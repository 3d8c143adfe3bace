import { sep } from 'node:path';
import { formatProblem, type Problem } from '../errors.js';
import { relativeInside } from '../path-inside.js';

/**
 * The message of a failed letter as the manifest records it and the summary groups it: every error
 * problem on its own line, files relative to the workspace, so the same cause reads the same for
 * every letter it spoils and the manifest does not depend on where the workspace lies.
 */
export function failureText(failure: { problems?: Problem[]; error: string }, workspace: string): string {
  const short = (file: string) => {
    const rel = relativeInside(workspace, file);
    return rel ? rel.split(sep).join('/') : file;
  };
  const inWorkspace = (text: string) => text.split(workspace + sep).join('');
  const errors = (failure.problems ?? []).filter((p) => p.severity === 'error');
  // The same problem can reach a letter twice (a broken directory spoils its case and its official).
  const lines = new Set(errors.map((p) => inWorkspace(formatProblem({ ...p, file: short(p.file) }))));
  if (lines.size > 0) return [...lines].join('\n');
  return inWorkspace(failure.error);
}
