import type { ErrorCategory } from './categories';

/** One code: its HTTP status, what kind of failure it is, a short title and what to do about it. */
export interface ErrorCodeEntry {
  status: number;
  category: ErrorCategory;
  title: string;
  hint: string;
}

/**
 * One table of every error code, its HTTP status, category, title and hint (meilisearch's model).
 * Codes are stable API: clients match on them, so rename nothing; add new ones. docs/errors.md is
 * generated from this table (`npm run gen:errors`); a unit test fails when it is out of date.
 */
export const ERROR_CODES = {
  // MARC decoding (ingest reports and strict readers)
  marc_truncated: {
    status: 422,
    category: 'input_data',
    title: 'Truncated MARC record',
    hint: 'The input ends inside a record: transfer the file again (in binary mode) or drop the last record.',
  },
  marc_bad_leader: {
    status: 422,
    category: 'input_data',
    title: 'Invalid MARC leader',
    hint: 'Fix the first 24 bytes of the record (length, indicator count, base address of data).',
  },
  marc_bad_directory: {
    status: 422,
    category: 'input_data',
    title: 'Invalid MARC directory',
    hint: 'The directory entries do not point inside the record: re-export it from the source system.',
  },
  marc_bad_field: {
    status: 422,
    category: 'input_data',
    title: 'Invalid MARC field',
    hint: 'Fix the field named in the details (its indicators, subfield delimiters or terminator).',
  },
  marc_garbage: {
    status: 422,
    category: 'input_data',
    title: 'Bytes between records that are not MARC',
    hint: 'Remove what sits between the records (headers, blank lines, another file appended).',
  },
  marc_record_too_large: {
    status: 413,
    category: 'input_data',
    title: 'MARC record too large',
    hint: 'Split or shorten the record: ISO 2709 allows at most 99,999 bytes.',
  },
  marc_bad_xml: {
    status: 422,
    category: 'input_data',
    title: 'Malformed MARCXML',
    hint: 'Make the file well-formed XML in the MARC21 slim namespace (the position is in the message).',
  },
  marc_bad_json: {
    status: 422,
    category: 'input_data',
    title: 'Malformed MARC-in-JSON',
    hint: 'Make the input valid JSON with a leader and a fields array per record.',
  },
  marc_bad_mrk: {
    status: 422,
    category: 'input_data',
    title: 'Malformed MARC mnemonic (.mrk) text',
    hint: 'Fix the line named in the message: each starts with "=" and a three-character tag.',
  },
  marc_unknown_format: {
    status: 415,
    category: 'input_data',
    title: 'Unrecognised MARC format',
    hint: 'Give the format explicitly (--format, or the upload content type) or convert the file to MARC.',
  },
  marc_no_records: {
    status: 422,
    category: 'input_data',
    title: 'No MARC records in the input',
    hint: 'Check that the file holds MARC (not an OAI-PMH oai_dc response or an HTML error page).',
  },
  marc_bad_spec: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid MARC field specification',
    hint: 'Write the field as a tag with optional subfield codes, for example `245$a` or `650`.',
  },
  marc_unencodable: {
    status: 422,
    category: 'input_data',
    title: 'Record cannot be written in this format',
    hint: 'Choose another output format, or shorten the record or field that does not fit.',
  },
  // Mapping MARC to catalog documents
  mapping_bad_rule: {
    status: 422,
    category: 'system',
    title: 'Invalid mapping rule',
    hint: 'Fix the mapping profile rule named in the message (docs/mapping.md).',
  },
  mapping_failed: {
    status: 422,
    category: 'input_data',
    title: 'Record could not be mapped',
    hint: 'Fix the record so that the mapping rule named in the message can read it.',
  },
  // Search queries (details: position, found, expected; limits: limit)
  invalid_query: {
    status: 400,
    category: 'invalid_request',
    title: 'Search query syntax error',
    hint: 'Fix the query text at the position given (docs/query-language.md); quote words meant literally.',
  },
  query_too_long: {
    status: 400,
    category: 'invalid_request',
    title: 'Search query too long',
    hint: 'Shorten the query below the limit given in the details.',
  },
  query_too_complex: {
    status: 400,
    category: 'invalid_request',
    title: 'Search query too complex',
    hint: 'Use fewer terms, groups or wildcards than the limit given in the details.',
  },
  // Records and the store
  record_not_found: {
    status: 404,
    category: 'not_found',
    title: 'Record not found',
    hint: 'Check the record id; search for the record if it may have another id.',
  },
  record_deleted: {
    status: 410,
    category: 'not_found',
    title: 'Record deleted',
    hint: 'The record existed and was deleted: drop your reference to it, or create it again.',
  },
  version_conflict: {
    status: 412,
    category: 'conflict',
    title: 'Record version does not match',
    hint: 'Someone changed the record since you read it: read it again (new ETag), then retry your change.',
  },
  store_unavailable: {
    status: 503,
    category: 'unavailable',
    title: 'Record store unavailable',
    hint: 'Start the record store (SQLite file, MongoDB) or fix its URL, then retry.',
  },
  index_unavailable: {
    status: 503,
    category: 'unavailable',
    title: 'Search index unavailable',
    hint: 'Start the search engine or fix `SEARCH_URL`, then retry; writes wait in the outbox meanwhile.',
  },
  shutting_down: {
    status: 503,
    category: 'unavailable',
    title: 'Server is shutting down',
    hint: 'Retry against another instance, or once this one has restarted.',
  },
  index_document_rejected: {
    status: 422,
    category: 'input_data',
    title: 'Search index refused a document',
    hint: 'Fix the record or the index mapping named in the message, then run `stacks reindex --pending`.',
  },
  // What no write stores, wherever it comes from (API, ingest): it could not be read back
  invalid_record_id: {
    status: 422,
    category: 'input_data',
    title: 'Record id cannot be addressed',
    hint: 'Give the record an id (001) of printable characters that fits in a URL path segment.',
  },
  invalid_record_tag: {
    status: 422,
    category: 'input_data',
    title: 'Field tag is not three letters or digits',
    hint: 'Fix the field tag named in the message.',
  },
  duplicate_id_in_input: {
    status: 422,
    category: 'input_data',
    title: 'Record id occurs earlier in the same input',
    hint: 'Remove or renumber the later record; the first one with the id is kept.',
  },
  invalid_config: {
    status: 500,
    category: 'system',
    title: 'Invalid configuration',
    hint: 'Fix the environment variable named in the message (README, "Configuration").',
  },
  input_unreadable: {
    status: 400,
    category: 'invalid_request',
    title: 'Input file cannot be read',
    hint: 'Check the path and its permissions; give a file, not a directory.',
  },
  output_unwritable: {
    status: 500,
    category: 'system',
    title: 'Output file cannot be written',
    hint: 'Check that the directory exists and is writable, and that the disk has room.',
  },
  // Search and browse requests
  invalid_search_limit: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid search limit',
    hint: 'Give a whole number within the range in the message.',
  },
  invalid_search_offset: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid search offset',
    hint: 'Give a whole number within the range in the message; page deeper with the cursor.',
  },
  invalid_search_cursor: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid search cursor',
    hint: 'Pass the cursor exactly as the last page returned it, with the same query; or start again.',
  },
  invalid_search_query: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid search parameter value',
    hint: 'Fix the value named in `errors[]` (a searchable field, a year, q as a string).',
  },
  invalid_search_facet: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid search facet',
    hint: 'Use one of the facet fields listed in the message.',
  },
  invalid_search_sort: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid search sort',
    hint: 'Use one of the sort orders listed in the message.',
  },
  invalid_citation_style: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid citation style',
    hint: 'Use one of the styles listed in the message (apa, vancouver, harvard1); docs/interop.md, "Citations".',
  },
  invalid_browse_limit: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid browse limit',
    hint: 'Give a whole number within the range in the message.',
  },
  search_index_version: {
    status: 500,
    category: 'system',
    title: 'Search index built by another version',
    hint: 'Rebuild the index with `stacks reindex`.',
  },
  // Catalog reads past their time budget, or refused because too many wait (both with Retry-After)
  search_timeout: {
    status: 503,
    category: 'unavailable',
    title: 'Catalog read took longer than its time budget',
    hint: 'Retry after Retry-After seconds; narrow the query if it keeps timing out.',
  },
  search_overloaded: {
    status: 503,
    category: 'unavailable',
    title: 'Too many catalog reads waiting',
    hint: 'Retry after Retry-After seconds, with fewer requests at once.',
  },
  // HTTP API requests (parameters are named in errors[]; per-parameter codes above win where they exist)
  invalid_parameter: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid parameter',
    hint: 'Fix each parameter listed in `errors[]` (openapi.yaml says what it accepts).',
  },
  missing_parameter: {
    status: 400,
    category: 'invalid_request',
    title: 'Missing required parameter',
    hint: 'Add each parameter listed in `errors[]`.',
  },
  unknown_parameter: {
    status: 400,
    category: 'invalid_request',
    title: 'Unknown parameter',
    hint: 'Remove or correct the parameter listed in `errors[]`: unknown ones are refused, not ignored.',
  },
  invalid_body: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid request body',
    hint: 'Send a body that matches the schema in openapi.yaml; `errors[]` points at each bad value.',
  },
  bad_content_encoding: {
    status: 400,
    category: 'invalid_request',
    title: 'Request body does not decode as its Content-Encoding says',
    hint: 'Compress the body as Content-Encoding says, or drop the header.',
  },
  bad_request: {
    status: 400,
    category: 'invalid_request',
    title: 'Bad request',
    hint: 'Check the HTTP request itself: its syntax, headers and body framing.',
  },
  headers_too_large: {
    status: 431,
    category: 'invalid_request',
    title: 'Request line or headers too large',
    hint: 'Keep the URL and headers under 16 KB; send long queries as a POST body.',
  },
  invalid_lookup: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid identifier look-up',
    hint: 'Give exactly one identifier parameter (isbn, issn, lccn, oclc and the others the message lists) with a valid value.',
  },
  route_not_found: {
    status: 404,
    category: 'not_found',
    title: 'No such endpoint',
    hint: 'Check the path against /docs (openapi.yaml).',
  },
  method_not_allowed: {
    status: 405,
    category: 'invalid_request',
    title: 'Method not allowed on this endpoint',
    hint: 'Use one of the methods in the Allow header.',
  },
  not_acceptable: {
    status: 406,
    category: 'invalid_request',
    title: 'No acceptable representation',
    hint: 'Accept one of the media types the endpoint offers (openapi.yaml), or send `Accept: */*`.',
  },
  record_exists: {
    status: 409,
    category: 'conflict',
    title: 'Record already exists',
    hint: 'Replace it with PUT (with If-Match), or give the new record another id.',
  },
  payload_too_large: {
    status: 413,
    category: 'invalid_request',
    title: 'Request body too large',
    hint: 'Send a smaller body (the limit is in the details), or upload large files as an ingest job.',
  },
  unsupported_media_type: {
    status: 415,
    category: 'invalid_request',
    title: 'Unsupported request media type',
    hint: 'Send a Content-Type the endpoint accepts (openapi.yaml) with a UTF-8 charset.',
  },
  invalid_record_body: {
    status: 422,
    category: 'input_data',
    title: 'Request body must hold exactly one MARC record',
    hint: 'Send one record per request; upload files of many records as an ingest job.',
  },
  record_id_mismatch: {
    status: 422,
    category: 'input_data',
    title: 'Record id does not match the URL',
    hint: "Make the record's 001 and the id in the path the same.",
  },
  record_needs_repair: {
    status: 422,
    category: 'input_data',
    title: 'Record could only be read by repairing it (strict)',
    hint: 'Fix the record as the warnings say, or send it without strict to store the repaired record.',
  },
  internal_error: {
    status: 500,
    category: 'internal',
    title: 'Internal server error',
    hint: 'A bug: report it with the request id; the server log has the error under that id.',
  },
  // Ingest jobs
  // Items, holdings and shelves (docs/items.md)
  item_not_found: {
    status: 404,
    category: 'not_found',
    title: 'Item not found',
    hint: "Check the barcode (compared without regard to case); list the record's items to find it.",
  },
  item_barcode_taken: {
    status: 409,
    category: 'conflict',
    title: 'Barcode already in use',
    hint: 'Another item has this barcode (see the details for its record): give a different one, or change that item.',
  },
  item_status_conflict: {
    status: 409,
    category: 'conflict',
    title: 'Item status cannot change that way',
    hint: 'The details name the current status, its version and the allowed moves: read the item again, then choose one of them.',
  },
  item_checked_out: {
    status: 409,
    category: 'conflict',
    title: 'Item is checked out',
    hint: 'Check the item in before deleting its record, withdrawing it or moving it.',
  },
  invalid_shelf_barcodes: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid shelf-reading scan',
    hint: 'Send 1 to 5000 barcodes in scanning order, each 1 to 100 characters; split a longer scan into several readings.',
  },
  invalid_item: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid item',
    hint: 'Fix the field the details name (barcode, location LIBRARY/LOCATION, call number, item type, status, reason).',
  },
  invalid_location: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid location',
    hint: 'Write a location as LIBRARY/LOCATION (`MAIN/STACKS`), with codes from the locations file.',
  },
  invalid_item_cursor: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid item list cursor',
    hint: 'Pass `cursor` exactly as the last page returned it, with the same filters; or start again without it.',
  },
  invalid_daia_id: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid availability request',
    hint: 'Give 1 to 100 record ids as `id`: repeated, or joined by commas or vertical bars; ask for more in turn.',
  },
  // Circulation: check-out, check-in, renewals, holds (docs/circulation.md)
  item_not_on_loan: {
    status: 409,
    category: 'conflict',
    title: 'Item is not on loan',
    hint: 'Only an item on loan can be renewed: check the barcode, or check the item out.',
  },
  hold_already_placed: {
    status: 409,
    category: 'conflict',
    title: 'Patron already has a hold on this title',
    hint: 'The patron has an active hold on the record (its id is in the details): keep it, or cancel it first.',
  },
  hold_not_active: {
    status: 409,
    category: 'conflict',
    title: 'Hold has ended',
    hint: 'The hold was fulfilled, cancelled or expired (see its status in the details): place a new one if still wanted.',
  },
  invalid_circulation_request: {
    status: 422,
    category: 'invalid_request',
    title: 'Circulation request cannot be carried out as given',
    hint: 'Fix what the message names: a hold names a record or an item (one of them), an override needs a reason and codes, a date range must not end before it starts.',
  },
  invalid_offline_file: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid offline circulation file',
    hint: 'Send the JSON-lines file as the body (application/x-ndjson or text/plain, UTF-8), one check-out or check-in per line (docs/circulation.md, "The bookmobile, offline").',
  },
  invalid_offline_line: {
    status: 400,
    category: 'invalid_request',
    title: 'Offline file line cannot be read',
    hint: 'Fix the line the report names (its fields, as the message says) and upload the file again: lines already applied stay applied.',
  },
  circulation_busy: {
    status: 503,
    category: 'unavailable',
    title: 'Too many concurrent changes to this item or patron',
    hint: 'Other desks changed the same item or patron at the same moment: send the request again.',
  },
  // Circulation: loan rules and the desk's refusals (docs/circulation.md)
  loan_rules_invalid: {
    status: 500,
    category: 'system',
    title: 'Loan rules file refused',
    hint: 'Fix the line the message names in the loan rules file (STACKS_LOAN_RULES; docs/circulation.md, "Loan rules"), then start again.',
  },
  loan_rule_missing: {
    status: 409,
    category: 'conflict',
    title: 'No loan rule covers this patron type, item type and library',
    hint: 'Add a row for the three values in the details (or a "*" row covering them) to the loan rules file, then restart.',
  },
  patron_blocked: {
    status: 409,
    category: 'conflict',
    title: 'Patron is blocked',
    hint: 'Lift the block (with its reason settled) before lending, renewing or placing holds; staff cannot override it.',
  },
  patron_expired: {
    status: 409,
    category: 'conflict',
    title: "Patron's card has expired",
    hint: "Renew the card (the patron's expiry), or override with a reason.",
  },
  patron_limit_reached: {
    status: 409,
    category: 'conflict',
    title: 'Patron has as many items on loan as the rules allow',
    hint: 'Check something in first, or override with a reason; the details give the limit and the loans.',
  },
  item_not_available: {
    status: 409,
    category: 'conflict',
    title: 'Item is not available to lend',
    hint: 'The details give its status: check it in, or change its status, first; staff cannot override it.',
  },
  item_not_loanable: {
    status: 409,
    category: 'conflict',
    title: 'Item does not circulate',
    hint: 'Its type is not for loan in the loan rules, or its holdings flag it not for loan: override with a reason to lend it.',
  },
  item_on_hold: {
    status: 409,
    category: 'conflict',
    title: 'Item is held for another patron',
    hint: 'Leave it for the hold, or override with a reason; the details name the hold.',
  },
  renewal_limit: {
    status: 409,
    category: 'conflict',
    title: 'Loan has been renewed as often as the rules allow',
    hint: 'Check the item in and lend it again, or override with a reason.',
  },
  checkout_override_refused: {
    status: 409,
    category: 'conflict',
    title: 'This refusal cannot be overridden',
    hint: 'Only the refusals docs/circulation.md lists as overridable can be; settle the others (the details name them) first.',
  },
  // Patrons (docs/patrons.md): personal data, so messages and details name a patron by `id` only
  patron_not_found: {
    status: 404,
    category: 'not_found',
    title: 'Patron not found',
    hint: 'Check the patron id or card barcode (compared without regard to case); search patrons by name to find it.',
  },
  patron_barcode_taken: {
    status: 409,
    category: 'conflict',
    title: 'Patron barcode already in use',
    hint: 'Another patron holds this card barcode (or the given id; the details name which and the holder id): give a different one, or change that patron.',
  },
  // 409, not 410: the patron is still there (read by id it answers, without personal data, for
  // statistics); only writes are refused, because anonymising is final.
  patron_anonymised: {
    status: 409,
    category: 'conflict',
    title: 'Patron is anonymised',
    hint: 'An anonymised patron cannot be changed or borrow again: register the person as a new patron.',
  },
  patron_has_loans: {
    status: 409,
    category: 'conflict',
    title: 'Patron has loans',
    hint: 'Check in (or resolve) every loan the patron has open, then try again.',
  },
  // 422: a value that breaks a rule (a malformed date, an email that is no email), apart from a
  // body of the wrong shape (400). The details name the field, never the value (personal data).
  invalid_patron: {
    status: 422,
    category: 'invalid_request',
    title: 'Invalid patron',
    hint: 'Fix the field the details name (barcode, name, email, phone, patron type, home library, expiry YYYY-MM-DD, notes).',
  },
  job_not_found: {
    status: 404,
    category: 'not_found',
    title: 'Job not found',
    hint: 'Check the job id: it is the one POST /ingest returned.',
  },
  job_not_resumable: {
    status: 409,
    category: 'conflict',
    title: 'Job cannot be resumed or cancelled in its state',
    hint: "Read the job's state first (docs/jobs.md); if its upload is gone, submit the file again.",
  },
  jobs_unavailable: {
    status: 503,
    category: 'unavailable',
    title: 'Ingest jobs unavailable',
    hint: 'This server does not run ingest jobs now (starting, stopping, or disabled): retry later.',
  },
  // Circulation: loans and holds (docs/circulation.md)
  hold_exists: {
    status: 409,
    category: 'conflict',
    title: 'Hold already exists',
    hint: 'A hold with this id was placed already (a repeated request): read it by its id instead of placing it again.',
  },
  hold_not_found: {
    status: 404,
    category: 'not_found',
    title: 'Hold not found',
    hint: "Check the hold id; list the patron's or the record's holds to find it.",
  },
  loan_not_found: {
    status: 404,
    category: 'not_found',
    title: 'Loan not found',
    hint: "Check the loan id or the item's barcode; an item not checked out has no open loan.",
  },
  // Security: authentication, roles, rate limits, API keys
  unauthorized: {
    status: 401,
    category: 'auth',
    title: 'Missing or invalid API key',
    hint: 'Send a valid key in the Authorization header (Bearer) (docs/security.md).',
  },
  forbidden: {
    status: 403,
    category: 'auth',
    title: 'API key role too weak for this operation',
    hint: 'Use a key with the role the message names.',
  },
  rate_limited: {
    status: 429,
    category: 'unavailable',
    title: 'Too many requests',
    hint: 'Wait Retry-After seconds; send fewer requests, or use an API key with a higher limit.',
  },
  api_key_not_found: {
    status: 404,
    category: 'not_found',
    title: 'API key not found',
    hint: 'Check the key id or prefix with `stacks keys list`; a secret is not a key id.',
  },
  api_key_ambiguous: {
    status: 409,
    category: 'conflict',
    title: 'API key prefix matches more than one key',
    hint: 'Give more characters of the key id.',
  },
  invalid_api_key_name: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid API key name',
    hint: 'Give a name of printable characters, not empty and within the length in the message.',
  },
  invalid_api_key_role: {
    status: 400,
    category: 'invalid_request',
    title: 'Invalid API key role',
    hint: 'Give one of the roles listed in the message.',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where a code is explained, relative to the repository root (a heading anchor in docs/errors.md). */
export function errorDocLink(code: ErrorCode): string {
  return `docs/errors.md#${code}`;
}
