import { sep } from 'node:path';
import { formatProblem, type Problem } from '../errors.js';
import { relativeInside } from '../path-inside.js';

/**
 * The message of a failed letter as the manifest records it and the summary groups it: every error
 * problem on its own line, files relative to the workspace, so the same cause reads the same for
 * every letter it spoils and the manifest does not depend on where the workspace lies.
 */
export function failureText(failure: { problems?: Problem[]; error: string }, workspace: string): string {
  const errors = (failure.problems ?? []).filter((p) => p.severity === 'error');
  return errors.length > 0 ? problemText(errors, workspace) : inWorkspace(failure.error, workspace);
}

/** Problems one per line, as failureText writes them; the manifest's `warnings` column is written so too. */
export function problemText(problems: Problem[], workspace: string): string {
  const short = (file: string) => {
    const rel = relativeInside(workspace, file);
    return rel ? rel.split(sep).join('/') : file;
  };
  // The same problem can reach a letter twice (a broken directory spoils its case and its official).
  const lines = new Set(problems.map((p) => inWorkspace(formatProblem({ ...p, file: short(p.file) }), workspace)));
  return [...lines].join('\n');
}

function inWorkspace(text: string, workspace: string): string {
  return text.split(workspace + sep).join('');
}
