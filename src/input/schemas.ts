// The four file kinds, declared once with zod: validation and the published JSON Schemas both come from here.
import { z } from 'zod';
import { isCalendarDate } from '../languages/dates.js';
import { EMAIL_SCHEMA_PATTERN, emailAddressMessage } from './email-address.js';

/**
 * Ids name files and folders (out/<case>/<recipient>.pdf): none may be a name Windows keeps for a
 * device, with or without an extension (`con.pdf` opens the console there).
 */
export const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
export const ID_PATTERN = /^(?!(con|prn|aux|nul|com[0-9]|lpt[0-9])$)[a-z0-9][a-z0-9-]{0,63}$/;
const LANG_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export const ID_MESSAGE = 'must be lowercase letters, digits and hyphens, starting with a letter or digit, at most 64 characters';

export const Id = z.string().regex(ID_PATTERN, { message: ID_MESSAGE }).describe('An id: lowercase letters, digits and hyphens, e.g. erlan-baltabay.');

export const Language = z
  .string()
  .regex(LANG_PATTERN, { message: 'must be a language code such as en, fr, es, de or ru' })
  .describe('A language code such as en, fr, es, de or ru.');

export const EARLY_YEAR = 'is before the year 1000';

export const CalendarDate = z
  .string()
  // abort: a malformed date gets one message, not a second "not in the calendar".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be written YYYY-MM-DD', abort: true })
  // A year such as 0219 is a slip for 2019, not a date of a letter or of its facts: it was printed "219".
  .refine((date) => Number(date.slice(0, 4)) >= 1000, { message: EARLY_YEAR, abort: true })
  .refine(isCalendarDate, { message: 'is not a date in the calendar' })
  // The published JSON Schema, which has no place for a refinement, carries the year rule in its pattern.
  .meta({ description: 'A calendar date written YYYY-MM-DD.', pattern: '^[1-9]\\d{3}-\\d{2}-\\d{2}$' });

export const BLANK_MESSAGE = 'must hold some text';
export const EMPTY_MAP_MESSAGE = 'must hold at least one entry';

/** A text that must say something: a name, a title, a line. Empty or only spaces, it printed a hole. */
export const Words = z.string().regex(/\S/, { message: BLANK_MESSAGE });

/** A map by language with at least one entry: `title: {}` said "no English text", or printed nothing. */
function byLanguage<V extends z.ZodType>(value: V) {
  return z
    .record(Language, value)
    .refine((map) => Object.keys(map).length > 0, { message: EMPTY_MAP_MESSAGE })
    .meta({ minProperties: 1 });
}

/** A text in the file's own language, or a map from language code to text. */
export const Text = z.union([Words, byLanguage(Words)]).describe("A text in the file's language, or a map from language code to text: {en: ..., fr: ...}.");

/**
 * A name (a person's, an organisation's, an official's, an embassy's) is printed in the letter and goes
 * into e-mail headers (From, the cover note's addressee): a 1,000,000-character one made every draft
 * of its letters a megabyte. 300 characters hold the longest federation or ministry names.
 */
export const MAX_NAME = 300;

const Name = Words.max(MAX_NAME);

/** A name in the file's own language, or a map from language code to name. */
const NameText = z
  .union([Name, byLanguage(Name)])
  .describe(`A name of at most ${MAX_NAME} characters, in the file's language or per language: {en: ..., fr: ...}.`);

/**
 * A text that may be left empty on purpose: a body (the template's default body), an honorific (none in
 * Russian: `{en: Mr, ru: ''}`), a subject (none).
 */
const MaybeText = z
  .union([z.string(), byLanguage(z.string())])
  .describe("A text in the file's language, or a map from language code to text: {en: ..., fr: ...}; may be empty.");

/** Lines of text (a position, an address): one line, a list of lines, or either per language. */
export const Lines = z
  .union([Words, z.array(Text), byLanguage(z.union([Words, z.array(Words)]))])
  .describe('One line or a list of lines; either may be given per language.');

/** One plain address, checked by emailAddressProblem; the pattern is for editors (the JSON Schemas). */
const Email = z
  .string()
  .superRefine((text, ctx) => {
    const message = emailAddressMessage(text);
    if (message) ctx.addIssue({ code: 'custom', message });
  })
  .meta({ pattern: EMAIL_SCHEMA_PATTERN, description: 'One e-mail address, such as brussels@mfa.kz.' });

export const Addressee = z
  .strictObject({
    honorific: MaybeText.optional().describe('Mr, Ms, H.E., ...; empty for none.'),
    name: NameText.describe("The addressee's name as printed."),
    position: Lines.optional().describe('Lines under the name, each set in bold, as the model letter sets them.'),
    salutation: Text.optional().describe('The letter\'s salutation, e.g. "Dear President,".'),
    emails: z.array(Email).optional().describe("The addressee's own e-mail addresses."),
  })
  .describe('One addressee of a letter.');

export const Via = z
  .union([
    Id.describe('An embassy id from directory/embassies.yaml.'),
    z.strictObject({
      name: NameText.describe('e.g. "Embassy of Kazakhstan in Belgium".'),
      emails: z.array(Email).optional(),
      address: Lines.optional(),
    }),
  ])
  .describe('The delivery channel: an embassy id or {name, emails, address}.');

export const Recipient = z
  .strictObject({
    id: Id.optional().describe("The letter's id, used in the file name. Defaults to the official's id."),
    official: Id.optional().describe('An official from directory/officials.yaml.'),
    honorific: MaybeText.optional(),
    name: NameText.optional(),
    position: Lines.optional(),
    salutation: Text.optional(),
    emails: z.array(Email).optional(),
    addressees: z.array(Addressee).min(1).optional().describe('Several addressees of one joint letter.'),
    via: Via.optional(),
  })
  .superRefine((r, ctx) => {
    const kinds = [r.official !== undefined, r.name !== undefined, r.addressees !== undefined].filter(Boolean).length;
    if (kinds !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'a recipient needs exactly one of `name` (an inline addressee), `official` (a directory id) or `addressees` (a joint letter)',
      });
    }
    if (r.official === undefined && r.id === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: "missing required field `id` (the letter's id, e.g. tokayev); only `official:` recipients may leave it out",
      });
    }
    if (r.addressees !== undefined && r.salutation === undefined) {
      ctx.addIssue({ code: 'custom', path: ['salutation'], message: 'a joint letter needs its own `salutation`, e.g. "Your Excellencies,"' });
    }
    if (r.name !== undefined && r.salutation === undefined) {
      ctx.addIssue({ code: 'custom', path: ['salutation'], message: 'missing required field `salutation`, e.g. "Dear President,"' });
    }
  })
  .describe('One letter: an inline addressee, a directory official, or a joint letter to several addressees.');

/** The grammatical cases a person's name may be given in; `nominative` is the name as a letter in that language writes it. */
export const GRAMMATICAL_CASES = ['nominative', 'genitive', 'dative', 'accusative', 'instrumental', 'prepositional', 'locative', 'vocative'] as const;

/** A name's forms in one language, by grammatical case: {genitive: Ерлана Балтабая, dative: Ерлану Балтабаю}. */
export const NameForms = z
  .strictObject(
    Object.fromEntries(GRAMMATICAL_CASES.map((c) => [c, Words.optional()])) as Record<(typeof GRAMMATICAL_CASES)[number], z.ZodOptional<z.ZodString>>,
  )
  .refine((forms) => Object.keys(forms).length > 0, { message: EMPTY_MAP_MESSAGE })
  .meta({ minProperties: 1 })
  .describe('The name by grammatical case in one language, e.g. {genitive: Ерлана Балтабая, dative: Ерлану Балтабаю}.');

export const Person = z.strictObject({
  name: Name,
  native_name: Name.optional().describe('The name in its own script.'),
  pronoun: z.enum(['he', 'she', 'they']).optional(),
  role: Text.optional(),
  forms: byLanguage(NameForms)
    .optional()
    .describe('The name inflected, per language and grammatical case: {ru: {genitive: Ерлана Балтабая}}. Templates read person.forms.genitive.'),
});

export const TimelineEntry = z.strictObject({
  date: CalendarDate,
  event: Text,
  source: Id.optional().describe('A key of `sources`.'),
});

export const URL_MESSAGE = 'must be a web address starting with https://';

/**
 * A source's address is drawn in its footnote and linked from each line of it: a hostile 100,000-character
 * one made a 91 MB letter. Browsers and servers take about 2,000.
 */
export const MAX_URL = 2_000;

export const Source = z.strictObject({
  url: z
    .string()
    .max(MAX_URL)
    .regex(/^(https?:\/\/|mailto:)\S+$/, { message: URL_MESSAGE }),
  title: Words.optional(),
});

/**
 * A reference is a filing code (`PERC/AL/pw`), printed on the first page and at the top of every
 * continuation page: a 5,000-character one filled 17 pages with its header. 100 characters is a
 * generous code, and a line or two of the header.
 */
export const MAX_REFERENCE = 100;

const Reference = z.string().max(MAX_REFERENCE).describe(`The reference line, e.g. PERC/AL/pw; at most ${MAX_REFERENCE} characters.`);

export const LetterSettings = z.strictObject({
  template: Id.default('appeal').describe('A folder of templates/; the built-in one is appeal.'),
  sender: Id.describe('A file of senders/, without .yaml.'),
  signatories: z.array(Id).min(1).optional().describe("Ids of the sender's signatories; default: the first."),
  date: CalendarDate,
  place: Text.optional().describe("Default: the sender's city."),
  reference: Reference.optional(),
  language: Language.optional().describe("Default: the sender's language."),
  subject: MaybeText.nullish(),
  closing: Text.optional().describe("Overrides the language's default closing."),
  cc: z.array(Words).optional(),
  han: z
    .enum(['simplified', 'traditional', 'japanese', 'korean'])
    .optional()
    .describe('Forms of Han characters in names and quotations; default by `country`: traditional for Taiwan, Hong Kong, Macao, else simplified.'),
});

/**
 * A case's title is each e-mail draft's Subject and each PDF's title: a 1,000,000-character one made a
 * 1 MB Subject header, which mail servers refuse. 200 characters is a long headline.
 */
export const MAX_TITLE = 200;

const Title = z
  .union([Words.max(MAX_TITLE), byLanguage(Words.max(MAX_TITLE))])
  .describe(`The case's title, e.g. Persecution of Erlan Baltabay; at most ${MAX_TITLE} characters, in a plain text or a map by language.`);

export const CaseFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    title: Title,
    country: Words.describe('The state addressed, as in directory/embassies.yaml `of`.'),
    people: z.array(Person).min(1),
    timeline: z.array(TimelineEntry).optional(),
    sources: z.record(Id, Source).optional(),
    demands: z.array(Text).optional(),
    body: MaybeText.optional().describe('Markdown with Handlebars expressions and [^source] citations.'),
    letter: LetterSettings,
    recipients: z.array(Recipient).min(1),
  })
  .describe("One case: the people, the facts, the sources, the body text, the recipients and the letter's settings.");

/** A path of an image: a hostile 300,000-character one was quoted whole, twice, in a 600 KB message. */
export const MAX_IMAGE_PATH = 1_000;

export const Signatory = z.strictObject({
  id: Id,
  name: Name,
  title: Text.optional(),
  signature: Words.max(MAX_IMAGE_PATH).optional().describe('PNG, JPEG or SVG image, relative to the sender file.'),
});

export const SenderFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    name: Name,
    letterhead: z.array(z.strictObject({ abbr: Words.optional(), name: Name })).optional(),
    officers: z.array(z.strictObject({ name: Name, titles: z.array(Words) })).optional(),
    signatories: z.array(Signatory).min(1),
    city: Text,
    country: Words.optional(),
    language: Language.default('en'),
    address: z.string().optional(),
    email: Email.optional().describe("The From address of the letters' e-mails (letters generate --eml)."),
    reply_to: Email.optional().describe('Where answers to those e-mails go, when not to `email`.'),
    logo: Words.max(MAX_IMAGE_PATH).optional().describe('PNG, JPEG or SVG image, relative to the sender file, set in the letterhead.'),
    closing: Text.optional(),
  })
  .describe('One sending organisation: letterhead, officers, signatories, home city, language.');

export const Official = Addressee.extend({
  id: Id,
  country: Words.optional(),
}).describe('A reusable addressee.');

export const Embassy = z.strictObject({
  id: Id,
  of: Words.describe('The represented state.'),
  in: Words.describe('The host country.'),
  name: NameText,
  emails: z.array(Email).optional(),
  address: Lines.optional(),
});

/** A directory file written as a mapping: the language of its plain texts, and its lists. */
export const DirectoryMapping = z
  .strictObject({
    $schema: z.string().optional(),
    language: Language.default('en').describe('The language of plain texts in this file.'),
    officials: z.array(Official).optional(),
    embassies: z.array(Embassy).optional(),
  })
  .describe('A mapping with `language` (of the plain texts, default en) and an `officials:` or `embassies:` list.');

/** The simplest directory files: a plain list, its plain texts in English. */
export const OfficialList = z.array(Official).describe('A plain list of officials (directory/officials.yaml); plain texts are in English.');
export const EmbassyList = z.array(Embassy).describe('A plain list of embassies (directory/embassies.yaml); plain texts are in English.');

export const DirectoryFile = z
  .union([DirectoryMapping, OfficialList, EmbassyList])
  .describe('directory/officials.yaml or directory/embassies.yaml: a plain list of entries, or a mapping with `language` and the list.');

export const CampaignSender = z.strictObject({
  sender: Id,
  country: Words,
  language: Language.optional(),
  signatories: z.array(Id).min(1).optional(),
  reference: Reference.optional(),
  embassy: z
    .union([Id, z.array(Id).min(1)])
    .optional()
    .describe(
      "The embassy (directory/embassies.yaml id) its letters go via, where the directory has several of the case's state in this country (an embassy and a consulate); a list of ids, one a state, for cases about several states.",
    ),
});

export const CampaignFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    title: z.string().optional(),
    date: CalendarDate,
    cases: z.array(Id).min(1),
    officials: z.array(Id).min(1),
    senders: z.array(CampaignSender).min(1),
    template: Id.optional(),
  })
  .describe('A campaign day: which cases, which senders, which officials, which date.');

export type TextValue = z.infer<typeof Text>;
export type LinesValue = z.infer<typeof Lines>;
export type CaseData = z.infer<typeof CaseFile>;
export type SenderData = z.infer<typeof SenderFile>;
export type DirectoryData = z.infer<typeof DirectoryMapping>;
export type CampaignData = z.infer<typeof CampaignFile>;
export type RecipientData = z.infer<typeof Recipient>;
export type AddresseeData = z.infer<typeof Addressee>;
export type OfficialData = z.infer<typeof Official>;
export type EmbassyData = z.infer<typeof Embassy>;
export type ViaData = z.infer<typeof Via>;

export const FILE_KINDS = { case: CaseFile, sender: SenderFile, directory: DirectoryFile, campaign: CampaignFile } as const;
export type FileKind = keyof typeof FILE_KINDS;
