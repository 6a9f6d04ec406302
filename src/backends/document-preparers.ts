import type { CatalogDocument } from '../domain/catalog-document';
import { AppError } from '../errors/app-error';
import type { PreparedDocument } from '../search/port';
import { indexRows, SQLITE_INDEX_PREPARER } from '../search/sqlite/index-rows';

/** A pure function of a document: what an index writes for it, made ahead of time. */
export type DocumentPreparer = (document: Readonly<CatalogDocument>) => PreparedDocument;

/**
 * The preparers of the indexes that declare one (`SearchIndex.preparer`), by name: a worker thread
 * is told the name and loads the function here. Only pure modules are imported, so loading this in
 * a worker opens no database and starts no client.
 */
const PREPARERS: Readonly<Record<string, DocumentPreparer>> = {
  [SQLITE_INDEX_PREPARER]: indexRows,
};

export function documentPreparer(name: string): DocumentPreparer {
  if (Object.hasOwn(PREPARERS, name)) return PREPARERS[name]!;
  throw new AppError('invalid_config', `no document preparer is named "${name}"`, { preparer: name });
}
