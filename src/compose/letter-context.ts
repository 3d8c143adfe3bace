import { ValidationError } from '../errors.js';
import { missingSalutation } from '../plan/plan-case-letters.js';
import type { ImageRef } from '../letter-document.js';
import { baseLanguage, formatLetterDate } from '../languages/dates.js';
import { languageOf } from '../languages/languages.js';
import type { Labels } from '../languages/labels.js';
import type { CaseData } from '../input/schemas.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import { localize, localizeLines, type TextRef } from '../plan/localize.js';
import { endSalutation } from './end-salutation.js';
import type { CaseBody } from './number-footnotes.js';
import { renderBody } from './render-body.js';

/** The letter's texts in its language, ready for the template and for the blocks built from data. */
export interface LetterContext {
  /** What templates and the case body see: data only, every text already in the letter's language. */
  context: Record<string, unknown>;
  addressees: { honorific: string; name: string; position: string[]; emails: string[] }[];
  signatories: { id: string; name: string; title: string; signature?: ImageRef }[];
  /** The case's title in the letter's language. */
  title: string;
  /** The case's own body as written (the letter's language), where it is in the case file, and how a text is filled in as it is. */
  body?: CaseBody;
}

/** The letter's own script(s), read from its words: Cyrillic for a Russian letter, Latin for a German one. */
function scriptsOf(sample: string): RegExp[] {
  return SCRIPTS.filter((script) => script.test(sample));
}
const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

/** True when every letter of `text` is in one of the scripts. */
function writtenIn(text: string, scripts: RegExp[]): boolean {
  return [...text].every((ch) => !/\p{L}/u.test(ch) || scripts.some((script) => script.test(ch)));
}

/**
 * A person's name by grammatical case in the letter's language, from the case's `forms`. `nominative`
 * is always there: the form given, else the native name where it is written in the letter's script
 * (a Russian letter writes "Ерлан Балтабай", not "Erlan Baltabay"), else the name.
 */
function nameForms(person: CaseData['people'][number], lang: string, labels: Labels): Record<string, string> {
  const given = person.forms?.[lang] ?? person.forms?.[baseLanguage(lang)] ?? {};
  const native = person.native_name;
  const nominative = given.nominative ?? (native !== undefined && writtenIn(native, scriptsOf(labels.subject + labels.and)) ? native : person.name);
  return { ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)), nominative };
}

/**
 * Picks every text the letter needs in its language (failing with the field and the language when one
 * is missing), and runs the case's body, the one piece of user text that is itself a template.
 */
export function letterContext(spec: LetterSpec, labels: Labels): LetterContext {
  const lang = spec.language;
  const { caseData: c, caseOrigin, sender, senderOrigin } = spec;
  const text = (ref: TextRef, strict = true) => localize(ref, lang, strict);
  const inCase = (path: (string | number)[], value: unknown): TextRef => ({ origin: caseOrigin, path, value: value as TextRef['value'] });

  const people = c.people.map((p, i) => ({
    name: p.name,
    native_name: p.native_name,
    pronoun: p.pronoun ?? 'they',
    role: text(inCase(['people', i, 'role'], p.role)),
    forms: nameForms(p, lang, labels),
  }));
  const timeline = (c.timeline ?? []).map((t, i) => ({ date: t.date, event: text(inCase(['timeline', i, 'event'], t.event)), source: t.source }));
  const demands = (c.demands ?? []).map((d, i) => text(inCase(['demands', i], d)));
  const signatoryData = spec.signatories.map((id) => {
    const index = sender.data.signatories.findIndex((s) => s.id === id);
    const s = sender.data.signatories[index]!;
    return {
      id,
      name: s.name,
      title: text({ origin: senderOrigin, path: ['signatories', index, 'title'], value: s.title }),
      signature: sender.signatures.get(id),
    };
  });
  const addressees = spec.addressees.map((a) => ({
    honorific: text({ origin: a.origin, path: [...a.path, 'honorific'], value: a.data.honorific }, false),
    name: text({ origin: a.origin, path: [...a.path, 'name'], value: a.data.name }, false),
    position: localizeLines({ origin: a.origin, path: [...a.path, 'position'], value: a.data.position }, lang),
    emails: a.data.emails ?? [],
  }));
  // An official without a salutation in the directory or the case fails this letter alone.
  if (spec.salutation.value === undefined) throw new ValidationError([missingSalutation(spec)]);
  // Written without final punctuation, it gets the language's own ("Señor Presidente:"); written with it, it stays.
  const salutation = endSalutation(text(spec.salutation), labels.salutationEnd);
  const place = spec.place?.value !== undefined ? text(spec.place, false) : text({ origin: senderOrigin, path: ['city'], value: sender.data.city }, false);
  const subject = spec.subject ? text(spec.subject) : '';
  // The default closing agrees with who speaks: the case's body (its text as written) or the default body, which speaks as "we".
  const ownBody = c.body !== undefined ? text(inCase(['body'], c.body)) : undefined;
  // A writer's note in an HTML comment is not the letter's voice: it is left out of the letter (markdown-to-blocks.ts).
  const voice = ownBody !== undefined && languageOf(lang)?.speaksAlone?.(ownBody.replace(/<!--[\s\S]*?-->/g, ' ')) ? 'singular' : 'plural';
  const closing =
    spec.closing?.value !== undefined
      ? text(spec.closing)
      : sender.data.closing !== undefined
        ? text({ origin: senderOrigin, path: ['closing'], value: sender.data.closing })
        : labels.closing(salutation, signatoryData.length, voice);
  const dateline = labels.dateline(place, formatLetterDate(spec.date, lang));
  // A plain title (the usual case, and the only form before) serves every language; a map needs the letter's.
  const title = typeof c.title === 'string' ? c.title : text(inCase(['title'], c.title));

  const context: Record<string, unknown> = {
    case: { id: c.id, title, country: c.country },
    title,
    country: c.country,
    person: people[0],
    people,
    timeline,
    sources: c.sources ?? {},
    demands,
    letter: { date: spec.date, place, reference: spec.reference ?? '', language: lang, subject },
    recipient: { id: spec.id, names: addressees.map((a) => a.name), addressees, salutation },
    sender: { id: sender.data.id, name: sender.data.name },
    signatories: signatoryData.map(({ name, title }) => ({ name, title })),
    salutation,
    closing,
    subject,
    dateline,
  };
  if (c.body !== undefined && ownBody !== undefined) {
    const bodyText = ownBody;
    const path =
      typeof c.body === 'string' ? ['body'] : ['body', Object.keys(c.body).find((k) => c.body && (c.body as Record<string, string>)[k] === bodyText) ?? lang];
    context.body = renderBody(bodyText, context, lang, caseOrigin.source, path);
    const fill = (text: string) => renderBody(text, context, lang, caseOrigin.source, path);
    return { context, addressees, signatories: signatoryData, title, body: { text: bodyText, path, fill } };
  }
  return { context, addressees, signatories: signatoryData, title };
}
