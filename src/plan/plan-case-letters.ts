import { UserError, type Problem } from '../errors.js';
import { buildLetterSpec } from './build-letter-spec.js';
import type { AddresseeSpec, LetterSpec, ViaSpec } from './letter-spec.js';
import type { Origin } from './localize.js';
import { quotedName } from '../input/invisible-characters.js';
import type { Directory } from '../input/load-directory.js';
import type { LoadedCase } from '../input/loaded-case.js';
import { problemAt, type PathPart, type SourceFile } from '../input/read-yaml.js';
import type { OfficialData, RecipientData, ViaData } from '../input/schemas.js';

/** The letters of one case, one per recipient (or only those asked for), every reference resolved. */
export function planCaseLetters(kase: LoadedCase, only: string[] = []): LetterSpec[] {
  const caseOrigin: Origin = { source: kase.source, language: kase.language };
  const ids = kase.data.recipients.map((r) => (r.id ?? r.official)!);
  const unknown = only.filter((id) => !ids.includes(id));
  if (unknown.length > 0) {
    throw new UserError(`no recipient ${unknown.map(quotedName).join(', ')} in ${kase.file}: its recipients are ${ids.join(', ')}.`);
  }
  const letter = kase.data.letter;
  return kase.data.recipients.flatMap((r, i): LetterSpec[] => {
    const id = ids[i]!;
    if (only.length > 0 && !only.includes(id)) return [];
    const { addressees, salutation } = resolveRecipient(r, ['recipients', i], caseOrigin, kase.directory);
    return [
      buildLetterSpec(kase, {
        id,
        sender: kase.sender,
        ownSender: true,
        signatories: letter.signatories ?? [kase.sender.data.signatories[0]!.id],
        language: kase.language,
        date: letter.date,
        reference: letter.reference,
        addressees,
        salutation,
        via: r.via !== undefined ? resolveVia(r.via, ['recipients', i, 'via'], caseOrigin, kase.directory) : undefined,
        template: letter.template,
      }),
    ];
  });
}

/** The addressees and salutation of a recipient entry: inline, a directory official, or a joint letter. */
export function resolveRecipient(
  r: RecipientData,
  path: PathPart[],
  origin: Origin,
  directory: Directory,
): { addressees: AddresseeSpec[]; salutation: LetterSpec['salutation'] } {
  if (r.official !== undefined) {
    const entry = directory.officials.get(r.official)!;
    const officialOrigin = { source: entry.source, language: entry.language };
    const officialPath: PathPart[] = entry.path;
    const addressee = { origin: officialOrigin, path: officialPath, data: { ...entry.data, ...pickDefined(r) } };
    // Neither gives one: the salutation stays undefined, located at the recipient entry, and
    // composing fails this letter alone (see missingSalutation).
    const salutation =
      r.salutation !== undefined
        ? { origin, path: [...path, 'salutation'], value: r.salutation }
        : entry.data.salutation !== undefined
          ? { origin: officialOrigin, path: [...officialPath, 'salutation'], value: entry.data.salutation }
          : { origin, path, value: undefined };
    return { addressees: [addressee], salutation };
  }
  if (r.addressees !== undefined) {
    return {
      addressees: r.addressees.map((data, j) => ({ origin, path: [...path, 'addressees', j], data })),
      salutation: { origin, path: [...path, 'salutation'], value: r.salutation },
    };
  }
  return {
    addressees: [{ origin, path, data: { honorific: r.honorific, name: r.name!, position: r.position, emails: r.emails } }],
    salutation: { origin, path: [...path, 'salutation'], value: r.salutation },
  };
}

/** Inline overrides of a directory official given in the case (e.g. its own e-mails). */
function pickDefined(r: RecipientData): Partial<RecipientData> {
  const out: Record<string, unknown> = {};
  for (const key of ['honorific', 'position', 'emails'] as const) if (r[key] !== undefined) out[key] = r[key];
  return out as Partial<RecipientData>;
}

export function resolveVia(via: ViaData, path: PathPart[], origin: Origin, directory: Directory): ViaSpec {
  if (typeof via === 'string') {
    const entry = directory.embassies.get(via)!;
    return {
      origin: { source: entry.source, language: entry.language },
      path: entry.path,
      name: entry.data.name,
      emails: entry.data.emails ?? [],
      address: entry.data.address,
    };
  }
  return { origin, path, name: via.name, emails: via.emails ?? [], address: via.address };
}

/**
 * The problem of a letter to an official whom neither the directory nor the recipient entry gives a
 * salutation, located at `path` (the recipient entry in a case, or the official in the directory).
 */
export function noSalutation(source: SourceFile, path: PathPart[], official: string | undefined): Problem {
  const inRecipient = path[0] === 'recipients';
  if (official === undefined) {
    return problemAt(source, path, 'this letter has no salutation: add `salutation` to the recipient, e.g. `salutation: "Dear Minister,"`.');
  }
  const where = inRecipient ? 'to the official in directory/officials.yaml, or to this recipient' : 'to the official in directory/officials.yaml';
  return problemAt(source, path, `official \`${official}\` has no salutation: add \`salutation\` ${where}, e.g. \`salutation: "Dear Minister,"\`.`);
}

/** The located problem of a planned letter whose salutation is undefined, for composing to raise. */
export function missingSalutation(spec: Pick<LetterSpec, 'salutation' | 'addressees'>): Problem {
  // A directory entry's path starts with `officials` in a mapping, with its index in a plain list.
  const official = spec.addressees.find((a) => a.path[0] !== 'recipients')?.data as Partial<OfficialData> | undefined;
  return noSalutation(spec.salutation.origin.source, spec.salutation.path, official?.id);
}
