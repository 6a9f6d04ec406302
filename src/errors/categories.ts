/**
 * What kind of failure a code is, so a client can act without knowing every code (meilisearch's
 * `type`): fix the request, fix the data, authenticate, retry later, or report a bug. The CLI
 * chooses its exit code by category (src/cli/exit-codes.ts).
 */
export const ERROR_CATEGORIES = {
  invalid_request: 'The request or command line is wrong: change it before sending it again.',
  input_data: 'The MARC or other input cannot be read or stored as it is: fix the data.',
  auth: 'The API key is missing, unknown or too weak for the operation.',
  not_found: 'What was asked for does not exist (any more).',
  conflict: 'The request clashes with the current state: read it again, then decide.',
  unavailable: 'A server or resource is busy, starting, stopping or unreachable: retry later.',
  system: 'The installation needs an operator: configuration, files, the search index.',
  internal: 'A bug in Stacks: report it with the request id.',
} as const;

export type ErrorCategory = keyof typeof ERROR_CATEGORIES;
