import { defaultProfile } from '../../ingest/profile/default.profile';
import { createMapper, type Mapper } from '../mapping/mapper';

/** The mapper for the bundled default profile (ingest/profile/default.profile.ts). */
export function createDefaultMapper(): Mapper {
  return createMapper(defaultProfile);
}
