import { resolve } from 'node:path';
import { ValidationError, type Problem } from '../errors.js';
import { detectKind } from '../input/detect-kind.js';
import { loadCampaign } from '../input/load-campaign.js';
import { loadCase } from '../input/load-case.js';
import { loadFile } from '../input/load-file.js';
import { loadSender } from '../input/load-sender.js';
import { readYaml, problemAt } from '../input/read-yaml.js';
import { DirectoryFile, type FileKind } from '../input/schemas.js';

export interface FileReport {
  file: string;
  kind?: FileKind;
  ok: boolean;
  problems: Problem[];
}

/** Checks one file of any of the four kinds, with everything it references, and lists every problem. */
export function validateFile(file: string): FileReport {
  const path = resolve(file);
  const read = readYaml(path);
  if (!read.ok) return { file: path, ok: false, problems: read.problems };
  const kind = detectKind(path, read.source.data);
  const problems = kind
    ? check(kind, path)
    : [
        {
          file: path,
          path: '',
          severity: 'error' as const,
          message: 'cannot tell what kind of file this is: put it in cases/, senders/, directory/ or campaigns/.',
        },
      ];
  return { file: path, kind, ok: !problems.some((p) => p.severity === 'error'), problems };
}

function check(kind: FileKind, file: string): Problem[] {
  switch (kind) {
    case 'case':
      try {
        return loadCase(file).warnings;
      } catch (err) {
        if (err instanceof ValidationError) return err.problems;
        throw err;
      }
    case 'sender':
      return loadSender(file).problems;
    case 'directory': {
      const { source, value, problems } = loadFile(file, DirectoryFile);
      if (!source || !value) return problems;
      for (const field of ['officials', 'embassies'] as const) {
        const seen = new Set<string>();
        (value[field] ?? []).forEach((entry, i) => {
          if (seen.has(entry.id)) problems.push(problemAt(source, [field, i, 'id'], `id \`${entry.id}\` is listed twice: ids must be unique.`));
          seen.add(entry.id);
        });
      }
      return problems;
    }
    case 'campaign':
      return loadCampaign(file).problems;
  }
}
