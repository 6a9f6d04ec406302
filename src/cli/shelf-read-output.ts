import type { ShelfReadingReport } from '../services/shelf.service';

/**
 * The shelf-reading report for a person with a book truck: each section says what to do, each
 * line names the item by its place in the scan (#n), barcode and spine label.
 */
export function renderShelfReading(r: ShelfReadingReport): string {
  const range = r.range ? `, from ${r.range.from ?? r.range.first} to ${r.range.to ?? r.range.last}` : '';
  const lines = [`${r.location}: ${r.scanned} scanned, ${r.inOrder} in order${range}`];
  section(lines, 'Out of order: move each to its place', r.misplaced, (m) =>
    [label(m), m.after ? `after ${m.after}` : '', m.before ? `before ${m.before}` : '']
      .filter(Boolean)
      .join('  '),
  );
  section(lines, 'Belong to another location', r.elsewhere, (e) => `${label(e)}  → ${e.location}`);
  section(lines, 'Unknown barcodes', r.unknown, (u) => `#${u.position} ${u.barcode}`);
  section(lines, 'Status says not on a shelf', r.wrongStatus, (w) => `${label(w)}  ${w.status}`);
  section(lines, 'No call number (place not checked)', r.withoutCallNumber, label);
  section(
    lines,
    'Scanned more than once',
    r.duplicates,
    (d) => `${d.barcode} at ${d.positions.map((p) => `#${p}`).join(', ')}`,
  );
  section(
    lines,
    `Expected in the range, not scanned${r.notScannedTruncated ? ' (first 1000)' : ''}`,
    r.notScanned,
    (n) => [n.barcode, n.callNumber, n.status].filter(Boolean).join('  '),
  );
  section(lines, 'Actions', r.actions, (a) => {
    const what = `${a.barcode}: ${a.from} → available`;
    if (a.outcome === 'offered') return `${what}: offered (--mark-found-available does it)`;
    return `${what}: ${a.outcome}${a.reason ? ` (${a.reason})` : ''}`;
  });
  if (lines.length === 1) lines.push('All in order: nothing to do.');
  return lines.join('\n') + '\n';
}

function label(item: { position: number; barcode: string; callNumber?: string }): string {
  return [`#${item.position}`, item.barcode, item.callNumber].filter(Boolean).join(' ');
}

function section<T>(lines: string[], title: string, items: readonly T[], line: (item: T) => string): void {
  if (items.length === 0) return;
  lines.push('', `${title} (${items.length}):`, ...items.map((item) => `  ${line(item)}`));
}
