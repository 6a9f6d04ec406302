import { barcodeKey } from '../domain/items/item';

/** The record of the input that brought a barcode first. */
export interface BarcodeOwner {
  /** Its record number in the input (the report's `record`). */
  record: number;
  /** Its record id, or `mfhd:<001>` for a holdings record. */
  id: string;
}

/**
 * The barcodes the records of one input have brought so far (compared as `barcodeKey` does). A
 * barcode twice in one load is a mistake the file cannot settle (two copies, one label?): the first
 * is loaded, every later one is reported on its own record's line, naming the first, and not
 * loaded. Memory grows with the input's items, like InputIds with its records.
 */
export class InputBarcodes {
  private readonly first = new Map<string, BarcodeOwner>();

  /** Claims the barcode for `owner`; the earlier owner instead when another record (or this one) has it. */
  claim(barcode: string, owner: BarcodeOwner): BarcodeOwner | undefined {
    const key = barcodeKey(barcode);
    const earlier = this.first.get(key);
    if (earlier) return earlier;
    this.first.set(key, owner);
    return undefined;
  }

  /**
   * Remembers the claims so far; the function returned forgets every claim made after it (a unit
   * of work that is tried again claims its barcodes again, and must not meet itself as earlier).
   */
  mark(): () => void {
    const size = this.first.size;
    return () => {
      // Claims only add, and a Map keeps insertion order: the later claims are the last entries.
      for (const key of [...this.first.keys()].slice(size)) this.first.delete(key);
    };
  }
}
