import { randomUUID } from 'node:crypto';
import type { CirculationEvent } from '../domain/circulation/circulation-event';
import type { Patron } from '../domain/patrons/patron';

/** The patron events circulation's log keeps (the desk's audit and statistics). */
export type PatronEventKind = 'patron-registered' | 'patron-blocked' | 'patron-unblocked';

/**
 * An event about a patron: who (an API key id) and when, the patron by id only, never a name, a
 * block's reason or anything else personal. The id is the patron's version after the change, so
 * a step repeated after a crash appends nothing new.
 */
export function patronEvent(
  kind: PatronEventKind,
  patron: Patron,
  at: string,
  by?: string,
): CirculationEvent {
  return {
    id: `${kind}:${patron.id}:v${patron.version}`,
    kind,
    at,
    patronId: patron.id,
    ...(by !== undefined && { by }),
  };
}

/**
 * That a patron was anonymised, for statistics: their type and home library, and nothing that
 * leads back to them (no patron id, and an id of its own), written after the unlinking.
 */
export function anonymisedEvent(patron: Patron, at: string, by?: string): CirculationEvent {
  return {
    id: `patron-anonymised:${randomUUID()}`,
    kind: 'patron-anonymised',
    at,
    ...(by !== undefined && { by }),
    details: {
      patronType: patron.patronType,
      ...(patron.homeLibrary !== undefined && { homeLibrary: patron.homeLibrary }),
    },
  };
}
