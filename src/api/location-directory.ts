import path from 'node:path';
import { ROOT_DIR } from '../app-info';
import { readLocationsFile } from '../config/locations.config';
import { LocationDirectory } from '../domain/items/locations';

/** The locations file shipped with Stacks, used when STACKS_LOCATIONS names none. */
export const BUNDLED_LOCATIONS_FILE = path.join(ROOT_DIR, 'ingest', 'locations.json');

/** Reads and checks a locations file (an `invalid_config` error names each bad line and entry). */
export function openLocationDirectory(file: string = BUNDLED_LOCATIONS_FILE): LocationDirectory {
  return new LocationDirectory(readLocationsFile(file));
}
