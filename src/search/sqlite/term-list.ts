/** A document's term ids as stored in search_doc_terms: little-endian float64s (ids are exact below 2^53). */
export function encodeTerms(ids: readonly number[]): Buffer {
  const buffer = Buffer.allocUnsafe(ids.length * 8);
  for (let i = 0; i < ids.length; i += 1) buffer.writeDoubleLE(ids[i]!, i * 8);
  return buffer;
}

export function decodeTerms(buffer: Buffer): number[] {
  const ids: number[] = [];
  for (let at = 0; at + 8 <= buffer.length; at += 8) ids.push(buffer.readDoubleLE(at));
  return ids;
}
