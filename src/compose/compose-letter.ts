import { ValidationError } from '../errors.js';
import { problemAt } from '../input/read-yaml.js';
import type { Block, Footnote, LetterDocument, SignatoryEntry } from '../letter-document.js';
import { unreachable } from '../letter-document.js';
import { creationDate, formatLetterDate } from './dates.js';
import { LABEL_LANGUAGES, labelsFor } from './labels.js';
import type { LetterSpec } from './letter-spec.js';
import { loadTemplate } from './load-template.js';
import { localize, localizeLines, type TextRef } from './localize.js';
import { markdownToBlocks } from './markdown-to-blocks.js';
import { renderBody } from './render-body.js';

export interface ComposeOptions {
  /** SOURCE_DATE_EPOCH, for reproducible CreationDates. */
  sourceDateEpoch?: string;
}

/** Fills the letter's template with its data and returns the one model both renderers read. */
export function composeLetter(spec: LetterSpec, options: ComposeOptions = {}): LetterDocument {
  const lang = spec.language;
  const { caseData: c, caseOrigin, sender, senderOrigin } = spec;
  if (!LABEL_LANGUAGES.includes(lang.split('-')[0]!)) {
    throw new ValidationError([
      problemAt(
        caseOrigin.source,
        ['letter', 'language'],
        `the letter's labels and formulas exist in ${LABEL_LANGUAGES.join(', ')}, not \`${lang}\`: choose one of those languages.`,
      ),
    ]);
  }
  const labels = labelsFor(lang);
  const text = (ref: TextRef, strict = true) => localize(ref, lang, strict);
  const inCase = (path: (string | number)[], value: unknown): TextRef => ({ origin: caseOrigin, path, value: value as TextRef['value'] });

  const people = c.people.map((p, i) => ({
    name: p.name,
    native_name: p.native_name,
    pronoun: p.pronoun ?? 'they',
    role: text(inCase(['people', i, 'role'], p.role)),
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
  const salutation = text(spec.salutation);
  const place = spec.place?.value !== undefined ? text(spec.place, false) : text({ origin: senderOrigin, path: ['city'], value: sender.data.city }, false);
  const subject = spec.subject ? text(spec.subject) : '';
  const closing =
    spec.closing?.value !== undefined
      ? text(spec.closing)
      : sender.data.closing !== undefined
        ? text({ origin: senderOrigin, path: ['closing'], value: sender.data.closing })
        : labels.closing(salutation, signatoryData.length);
  const dateline = labels.dateline(place, formatLetterDate(spec.date, lang));

  const context: Record<string, unknown> = {
    case: { id: c.id, title: c.title, country: c.country },
    title: c.title,
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
  if (c.body !== undefined) {
    const ref = inCase(['body'], c.body);
    const bodyText = text(ref);
    const path =
      typeof c.body === 'string' ? ['body'] : ['body', Object.keys(c.body).find((k) => c.body && (c.body as Record<string, string>)[k] === bodyText) ?? lang];
    context.body = renderBody(bodyText, context, lang, caseOrigin.source, path);
  }

  const footnotes: Footnote[] = [];
  const numbers = new Map<string, number>();
  const cite = (id: string): number => {
    let n = numbers.get(id);
    if (n === undefined) {
      const source = c.sources?.[id];
      if (!source) {
        throw new ValidationError([
          problemAt(
            caseOrigin.source,
            c.sources ? ['sources'] : [],
            `the letter cites [^${id}], which is not among the case's sources (${Object.keys(c.sources ?? {}).join(', ') || 'none'}): add it under \`sources:\` or correct the citation.`,
          ),
        ]);
      }
      n = footnotes.length + 1;
      numbers.set(id, n);
      footnotes.push({ number: n, url: source.url, ...(source.title ? { title: source.title } : {}) });
    }
    return n;
  };

  const template = loadTemplate(spec.workspace, spec.template, lang);
  const blocks: Block[] = [];
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  for (const section of template.sections) {
    const out = section.render ? section.render(context, lang) : '';
    switch (section.name) {
      case 'letterhead':
        blocks.push({
          kind: 'letterhead',
          lines: sender.data.letterhead ?? [{ name: sender.data.name }],
          officers: sender.data.officers ?? [],
          ...(sender.logo ? { logo: sender.logo } : {}),
        });
        break;
      case 'addressees':
        blocks.push({
          kind: 'addressees',
          addressees: addressees.map((a) => ({ name: [a.honorific, a.name].filter(Boolean).join(' '), position: a.position, emails: a.emails })),
        });
        break;
      case 'delivery':
        if (spec.via) {
          const v = spec.via;
          const name = localize({ origin: v.origin, path: [...v.path, 'name'], value: v.name }, lang, false);
          const address = localizeLines({ origin: v.origin, path: [...v.path, 'address'], value: v.address }, lang, false);
          blocks.push({ kind: 'delivery', line: `${labels.via} ${name}${labels.colon}`, emails: v.emails, address });
        }
        break;
      case 'reference':
      case 'dateline':
      case 'salutation':
      case 'closing':
        if (oneLine(out)) blocks.push({ kind: section.name, text: oneLine(out) });
        break;
      case 'subject':
        if (oneLine(out)) blocks.push({ kind: 'subject', label: labels.subject, text: oneLine(out) });
        break;
      case 'body':
        blocks.push(...markdownToBlocks(out, cite));
        break;
      case 'signatures':
        blocks.push({
          kind: 'signatures',
          signatories: signatoryData.map(({ name, title, signature }): SignatoryEntry => ({
            name,
            ...(title ? { title } : {}),
            ...(signature ? { signature } : {}),
          })),
        });
        break;
      case 'cc':
        if (spec.cc.length > 0) blocks.push({ kind: 'cc', label: labels.cc, entries: spec.cc });
        break;
      default:
        unreachable(section.name);
    }
  }

  return {
    language: lang,
    ...(spec.reference ? { reference: spec.reference } : {}),
    pageLabel: { template: labels.page },
    ...(sender.data.address ? { footer: sender.data.address } : {}),
    blocks,
    footnotes,
    meta: {
      title: c.title,
      author: sender.data.name,
      subject: `${c.title}: ${addressees.map((a) => a.name).join(', ')}`,
      keywords: [c.id, spec.id],
      creationDate: creationDate(spec.date, options.sourceDateEpoch),
    },
  };
}
