import { OaiError } from './oai-error';

/**
 * Item identifiers in the oai-identifier scheme: `oai:<repositoryIdentifier>:<record id>`. A
 * record id may hold any character but controls; the scheme's local part allows only URI
 * characters, so the id is percent-encoded (ids of letters, digits, `-_.!~*'()` read as they are).
 */
export function oaiIdentifier(repository: string, recordId: string): string {
  return `oai:${repository}:${encodeURIComponent(recordId)}`;
}

/** The record id an identifier names; one of another repository or scheme is idDoesNotExist. */
export function recordIdOf(repository: string, identifier: string): string {
  const prefix = `oai:${repository}:`;
  if (!identifier.startsWith(prefix) || identifier.length === prefix.length) {
    throw new OaiError(
      'idDoesNotExist',
      `${identifier} is not an identifier of this repository (${prefix}…)`,
    );
  }
  try {
    return decodeURIComponent(identifier.slice(prefix.length));
  } catch {
    throw new OaiError('idDoesNotExist', `${identifier} is not an identifier this repository gives out`);
  }
}
