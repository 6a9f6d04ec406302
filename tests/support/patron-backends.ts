import type { Backends } from '../../src/backends/backends';
import type { PatronStore } from '../../src/patrons/port';
import { MemoryPatronStore } from './memory-patron-store';

/**
 * The backends' patron store. Until `Backends.patrons` is wired (h/patron-store), an in-memory
 * one is attached, so the API suites run; once it is, the real store answers and this only reads it.
 */
export function usePatronStore(backends: Backends): { patrons: PatronStore } {
  const withPatrons = backends as Backends & { patrons?: PatronStore };
  withPatrons.patrons ??= new MemoryPatronStore();
  return { patrons: withPatrons.patrons };
}
