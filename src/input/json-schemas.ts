import { z } from 'zod';
import { FILE_KINDS, type FileKind } from './schemas.js';

const TITLES: Record<FileKind, string> = {
  case: 'Case file (cases/<id>.yaml)',
  sender: 'Sender file (senders/<id>.yaml)',
  directory: 'Directory file (directory/officials.yaml, directory/embassies.yaml)',
  campaign: 'Campaign file (campaigns/<id>.yaml)',
};

/**
 * The published JSON Schemas of the four file kinds, made from the zod schemas that validate them, so
 * editors check what `letters validate` checks. Input types: what a user writes, defaults optional.
 * Rules zod cannot express in JSON Schema (calendar dates, a recipient's one-of rule) stay in `validate`.
 */
export function jsonSchemas(): Record<FileKind, string> {
  const out = {} as Record<FileKind, string>;
  for (const [kind, schema] of Object.entries(FILE_KINDS) as [FileKind, z.ZodType][]) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const { $schema, ...rest } = json;
    out[kind] = `${JSON.stringify({ $schema, title: TITLES[kind], ...rest }, null, 2)}\n`;
  }
  return out;
}
