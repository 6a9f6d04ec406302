import { locationCode, type ItemLocation } from './item';

/** How many listed locations a refusal names before pointing to GET /locations. */
const MAX_NAMED = 20;

/**
 * The libraries and shelving locations a deployment has, with the names people read: the
 * locations file (STACKS_LOCATIONS, default `ingest/locations.json`). API writes must name a location
 * it lists; items a load brings at other locations are kept, shown under their code.
 */
export interface LibraryEntry {
  /** Upper case: `MAIN`. */
  code: string;
  name: string;
  locations: ShelfEntry[];
}

export interface ShelfEntry {
  /** Upper case: `STACKS`. */
  code: string;
  name: string;
}

/** What a display needs of one location: its names, whether the file lists it. */
export interface LocationNames {
  /** `MAIN/STACKS`. */
  code: string;
  libraryName: string;
  shelfName: string;
  /** `Main Library, Stacks`; the code when the file does not list the location. */
  name: string;
  known: boolean;
}

export class LocationDirectory {
  private readonly libraries: readonly LibraryEntry[];
  private readonly byCode = new Map<string, { library: LibraryEntry; shelf: ShelfEntry }>();
  private readonly libraryByCode = new Map<string, LibraryEntry>();

  /** Codes are compared upper-cased, as parseLocation reads them. */
  constructor(libraries: readonly LibraryEntry[]) {
    this.libraries = [...libraries]
      .map((l) => ({
        code: l.code.toUpperCase(),
        name: l.name,
        locations: [...l.locations]
          .map((s) => ({ code: s.code.toUpperCase(), name: s.name }))
          .sort((a, b) => compare(a.code, b.code)),
      }))
      .sort((a, b) => compare(a.code, b.code));
    for (const library of this.libraries) {
      this.libraryByCode.set(library.code, library);
      for (const shelf of library.locations)
        this.byCode.set(locationCode({ library: library.code, shelf: shelf.code }), { library, shelf });
    }
  }

  /** Libraries in code order, each with its locations in code order. */
  list(): readonly LibraryEntry[] {
    return this.libraries;
  }

  knows(location: ItemLocation): boolean {
    return this.byCode.has(locationCode(location));
  }

  /**
   * Why `location` is refused where only listed ones are taken (API writes, shelf work, a
   * spreadsheet): it and the first listed codes (a large deployment lists hundreds).
   */
  unlisted(location: ItemLocation): string {
    const known = this.codes();
    const named =
      known.length > MAX_NAMED
        ? `${known.slice(0, MAX_NAMED).join(', ')} … (GET /locations lists all ${known.length})`
        : known.join(', ');
    return `location ${locationCode(location)} is not in the locations file; use one of ${named}`;
  }

  /** Every listed location, `MAIN/STACKS`, in order: what an error names as the choices. */
  codes(): string[] {
    return [...this.byCode.keys()];
  }

  names(location: ItemLocation): LocationNames {
    const code = locationCode(location);
    const found = this.byCode.get(code);
    if (found) {
      return {
        code,
        libraryName: found.library.name,
        shelfName: found.shelf.name,
        name: `${found.library.name}, ${found.shelf.name}`,
        known: true,
      };
    }
    // A load may bring a location the file does not list yet: shown by its codes, never dropped.
    const library = this.libraryByCode.get(location.library);
    return {
      code,
      libraryName: library?.name ?? location.library,
      shelfName: location.shelf,
      name: code,
      known: false,
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
