import { OaiError } from './oai-error';

/** The parameters of a GET query or a POST form: a repeated one arrives as an array. */
export type RawParams = Record<string, unknown>;

export const VERBS = [
  'Identify',
  'ListMetadataFormats',
  'ListSets',
  'ListIdentifiers',
  'ListRecords',
  'GetRecord',
] as const;
export type OaiVerb = (typeof VERBS)[number];

/** Each verb's arguments (section 4): required, optional, and the exclusive resumptionToken. */
const ARGUMENTS: Readonly<Record<OaiVerb, { required: string[]; optional: string[]; token: boolean }>> = {
  Identify: { required: [], optional: [], token: false },
  ListMetadataFormats: { required: [], optional: ['identifier'], token: false },
  ListSets: { required: [], optional: [], token: true },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], token: true },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], token: true },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [], token: false },
};

export interface OaiRequest {
  verb: OaiVerb;
  /** The arguments given, each once: what the response's `request` element repeats. */
  args: Record<string, string>;
}

/**
 * The verb and its arguments, checked as section 3.6 says: no verb, an unknown one or a repeated
 * one is badVerb; an argument the verb does not take, one given twice, a required one missing,
 * or resumptionToken beside anything else is badArgument.
 */
export function parseRequest(raw: RawParams): OaiRequest {
  const verbValue = raw.verb;
  if (verbValue === undefined) throw new OaiError('badVerb', 'no verb: give one of ' + VERBS.join(', '));
  if (typeof verbValue !== 'string') throw new OaiError('badVerb', 'the verb is given more than once');
  const verb = VERBS.find((v) => v === verbValue);
  if (!verb)
    throw new OaiError('badVerb', `"${verbValue}" is not an OAI-PMH verb: use one of ${VERBS.join(', ')}`);
  const rules = ARGUMENTS[verb];
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'verb') continue;
    const allowed =
      rules.required.includes(name) ||
      rules.optional.includes(name) ||
      (rules.token && name === 'resumptionToken');
    if (!allowed) throw new OaiError('badArgument', `${verb} takes no argument "${name}"`);
    if (typeof value !== 'string')
      throw new OaiError('badArgument', `the argument "${name}" is given more than once`);
    args[name] = value;
  }
  if (args.resumptionToken !== undefined) {
    const others = Object.keys(args).filter((n) => n !== 'resumptionToken');
    if (others.length > 0)
      throw new OaiError(
        'badArgument',
        `resumptionToken is exclusive: it cannot come with ${others.join(', ')}`,
      );
    return { verb, args };
  }
  for (const name of rules.required)
    if (args[name] === undefined) throw new OaiError('badArgument', `${verb} needs the argument "${name}"`);
  return { verb, args };
}
