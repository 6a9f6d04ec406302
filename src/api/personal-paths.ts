/**
 * Collections whose next path segment names a person: `/patrons/{barcode}`. A card barcode is
 * personal data (docs/patrons.md, privacy), so wherever a path is written down (the request log,
 * a problem's `instance` and message) that segment is replaced by a placeholder. Matched routes
 * are logged by their template already; this covers what is logged or answered without one (a
 * bad key, an unknown sub-path, a method the path does not have).
 */
const PERSONAL_COLLECTIONS = new Set(['patrons']);

/** `/patrons/P-123/block` → `/patrons/{barcode}/block` (placeholder as given). */
export function maskPersonalSegments(path: string, placeholder = '{barcode}'): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => (i > 0 && isPersonalCollection(segments[i - 1]!) ? placeholder : segment))
    .join('/');
}

function isPersonalCollection(segment: string): boolean {
  // Express matches paths without regard to case, so `/Patrons/…` reaches the same routes.
  return PERSONAL_COLLECTIONS.has(segment.toLowerCase());
}
