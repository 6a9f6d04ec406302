import type { MarcRecord } from '../../marc/record';
import type { CslType } from './csl-item';

/**
 * The CSL item type from leader/06 (type of record) and /07 (bibliographic level), with the 008
 * and 502 where the leader alone cannot tell a thesis or a website from a book. Sound recordings
 * of every kind are `song`, as Zotero maps its audio recordings: CSL has no other type for them.
 */
export function cslTypeOf(record: MarcRecord): CslType {
  const type = record.leader[6] ?? ' ';
  const level = record.leader[7] ?? ' ';
  if (type === 'a' || type === 't') return textType(record, level);
  if (type === 'e' || type === 'f') return 'map';
  if (type === 'c' || type === 'd') return 'musical_score';
  if (type === 'i' || type === 'j') return 'song';
  if (type === 'g') return 'motion_picture';
  if (type === 'k') return 'graphic';
  if (type === 'm') return level === 'i' || level === 's' ? 'webpage' : 'software';
  if (type === 'o' || type === 'p') return 'collection';
  return 'document';
}

function textType(record: MarcRecord, level: string): CslType {
  if (record.getDataFields('502').length > 0) return 'thesis';
  switch (level) {
    case 'a':
      return 'chapter';
    case 'b':
      return 'article-journal';
    case 's':
      return 'periodical';
    case 'c':
    case 'd':
      return 'collection';
    case 'i':
      return isOnline(record) ? 'webpage' : 'book';
    default:
      return 'book';
  }
}

/**
 * An integrating resource is a website when 008 says it is updated online (continuing resources:
 * /21 `w` website or `d` database) or read online (/23 `o` or `s`), or when it has only a link.
 */
function isOnline(record: MarcRecord): boolean {
  const f008 = record.getControl('008') ?? '';
  return 'wd'.includes(f008[21] || 'x') || 'os'.includes(f008[23] || 'x');
}
