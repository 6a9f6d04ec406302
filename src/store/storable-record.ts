import type { CatalogDocument } from '../domain/catalog-document';
import { clippedId, recordIdProblem } from '../domain/record-id';
import { AppError } from '../errors/app-error';
import { isWritableTag, type MarcRecord } from '../marc/record';

/**
 * What every write checks before a store takes a record: that it can be read back as it was
 * given. Its id must be addressable (src/domain/record-id.ts) and, unless the write only deletes
 * (the ingest turns leader/05 `d` into a tombstone), every tag writable in each format (three
 * letters or digits, the codec's rule). The ingest rejects such a record with this
 * error as its reason; the API answers with it (422). Undefined when the record may be stored.
 */
export function unstorableRecord(
  record: MarcRecord,
  document: CatalogDocument,
  options: { asDelete?: boolean } = {},
): AppError | undefined {
  const problem = recordIdProblem(document.id);
  if (problem !== undefined) {
    return new AppError('invalid_record_id', `${problem}: ${JSON.stringify(clippedId(document.id))}`, {
      id: clippedId(document.id),
    });
  }
  // A delete stores a tombstone, not the record: only its id has to name something.
  if (options.asDelete) return undefined;
  const at = record.fields.findIndex((f) => !isWritableTag(f.tag));
  if (at < 0) return undefined;
  const tag = record.fields[at]!.tag;
  return new AppError(
    'invalid_record_tag',
    `field ${at + 1} has the tag ${JSON.stringify(tag)}; a tag is three letters or digits`,
    { tag, field: at + 1 },
  );
}
