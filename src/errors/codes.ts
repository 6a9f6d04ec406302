/**
 * One table of every error code, its HTTP status and a short title (meilisearch's model).
 * Codes are stable API: clients match on them, so rename nothing; add new ones.
 */
export const ERROR_CODES = {
  // MARC decoding (ingest reports and strict readers)
  marc_truncated: { status: 422, title: 'Truncated MARC record' },
  marc_bad_leader: { status: 422, title: 'Invalid MARC leader' },
  marc_bad_length: { status: 422, title: 'Record length does not match the data' },
  marc_bad_directory: { status: 422, title: 'Invalid MARC directory' },
  marc_bad_field: { status: 422, title: 'Invalid MARC field' },
  marc_garbage: { status: 422, title: 'Bytes between records that are not MARC' },
  marc_record_too_large: { status: 413, title: 'MARC record too large' },
  marc_bad_xml: { status: 422, title: 'Malformed MARCXML' },
  marc_bad_json: { status: 422, title: 'Malformed MARC-in-JSON' },
  marc_bad_mrk: { status: 422, title: 'Malformed MARC mnemonic (.mrk) text' },
  marc_unknown_format: { status: 415, title: 'Unrecognised MARC format' },
  marc_no_records: { status: 422, title: 'No MARC records in the input' },
  marc_bad_spec: { status: 400, title: 'Invalid MARC field specification' },
  marc_unencodable: { status: 422, title: 'Record cannot be written in this format' },
  // Mapping MARC to catalog documents
  mapping_bad_rule: { status: 422, title: 'Invalid mapping rule' },
  mapping_failed: { status: 422, title: 'Record could not be mapped' },
  // Search queries (details: position, found, expected; limits: limit)
  invalid_query: { status: 400, title: 'Invalid search query' },
  query_too_long: { status: 400, title: 'Search query too long' },
  query_too_complex: { status: 400, title: 'Search query too complex' },
  // Records and the store
  record_not_found: { status: 404, title: 'Record not found' },
  record_deleted: { status: 410, title: 'Record deleted' },
  version_conflict: { status: 412, title: 'Record version does not match' },
  store_unavailable: { status: 503, title: 'Record store unavailable' },
  index_unavailable: { status: 503, title: 'Search index unavailable' },
  shutting_down: { status: 503, title: 'Server is shutting down' },
  index_document_rejected: { status: 422, title: 'Search index refused a document' },
  // What no write stores, wherever it comes from (API, ingest): it could not be read back
  invalid_record_id: { status: 422, title: 'Record id cannot be addressed' },
  invalid_record_tag: { status: 422, title: 'Field tag is not three letters or digits' },
  duplicate_id_in_input: { status: 422, title: 'Record id occurs earlier in the same input' },
  invalid_config: { status: 500, title: 'Invalid configuration' },
  input_unreadable: { status: 400, title: 'Input file cannot be read' },
  output_unwritable: { status: 500, title: 'Output file cannot be written' },
  // Search and browse requests
  invalid_search_limit: { status: 400, title: 'Invalid search limit' },
  invalid_search_offset: { status: 400, title: 'Invalid search offset' },
  invalid_search_cursor: { status: 400, title: 'Invalid search cursor' },
  invalid_search_query: { status: 400, title: 'Invalid search query' },
  invalid_search_facet: { status: 400, title: 'Invalid search facet' },
  invalid_search_sort: { status: 400, title: 'Invalid search sort' },
  invalid_browse_limit: { status: 400, title: 'Invalid browse limit' },
  search_index_version: { status: 500, title: 'Search index built by another version' },
  // Catalog reads past their time budget, or refused because too many wait (both with Retry-After)
  search_timeout: { status: 503, title: 'Catalog read took longer than its time budget' },
  search_overloaded: { status: 503, title: 'Too many catalog reads waiting' },
  // HTTP API requests (parameters are named in errors[]; per-parameter codes above win where they exist)
  invalid_parameter: { status: 400, title: 'Invalid parameter' },
  missing_parameter: { status: 400, title: 'Missing required parameter' },
  unknown_parameter: { status: 400, title: 'Unknown parameter' },
  invalid_body: { status: 400, title: 'Invalid request body' },
  bad_content_encoding: { status: 400, title: 'Request body does not decode as its Content-Encoding says' },
  bad_request: { status: 400, title: 'Bad request' },
  headers_too_large: { status: 431, title: 'Request line or headers too large' },
  invalid_lookup: { status: 400, title: 'Invalid identifier look-up' },
  route_not_found: { status: 404, title: 'No such endpoint' },
  method_not_allowed: { status: 405, title: 'Method not allowed on this endpoint' },
  not_acceptable: { status: 406, title: 'No acceptable representation' },
  record_exists: { status: 409, title: 'Record already exists' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported request media type' },
  invalid_record_body: { status: 422, title: 'Request body must hold exactly one MARC record' },
  record_id_mismatch: { status: 422, title: 'Record id does not match the URL' },
  record_needs_repair: { status: 422, title: 'Record could only be read by repairing it (strict)' },
  internal_error: { status: 500, title: 'Internal server error' },
  // Ingest jobs
  job_not_found: { status: 404, title: 'Job not found' },
  job_not_resumable: { status: 409, title: 'Job cannot be resumed or cancelled in its state' },
  jobs_unavailable: { status: 503, title: 'Ingest jobs unavailable' },
  // Security: authentication, roles, rate limits, API keys
  unauthorized: { status: 401, title: 'Missing or invalid API key' },
  forbidden: { status: 403, title: 'API key role too weak for this operation' },
  rate_limited: { status: 429, title: 'Too many requests' },
  api_key_not_found: { status: 404, title: 'API key not found' },
  api_key_ambiguous: { status: 409, title: 'API key prefix matches more than one key' },
  invalid_api_key_name: { status: 400, title: 'Invalid API key name' },
  invalid_api_key_role: { status: 400, title: 'Invalid API key role' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
