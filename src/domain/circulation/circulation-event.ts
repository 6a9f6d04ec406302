/**
 * What circulation did, for the desk's audit and statistics: who (an API key id, never a person's
 * data), when and what. Anonymising a patron removes `patronId` from every event.
 */
export const CIRCULATION_EVENT_KINDS = [
  'checkout',
  'checkin',
  'renew',
  'hold-placed',
  'hold-trapped',
  'hold-fulfilled',
  'hold-cancelled',
  'hold-expired',
  'patron-registered',
  'patron-blocked',
  'patron-unblocked',
  'patron-anonymised',
] as const;
export type CirculationEventKind = (typeof CIRCULATION_EVENT_KINDS)[number];

export interface CirculationEvent {
  /** Unique; made from the operation's id so a step repeated after a crash appends nothing new. */
  id: string;
  kind: CirculationEventKind;
  /** ISO 8601 instant. */
  at: string;
  /** API key id, `offline`, `system` (hold expiry), `import`, `samples` (the sample desk). */
  by?: string;
  itemBarcode?: string;
  loanId?: string;
  holdId?: string;
  patronId?: string;
  /** Plain facts (library, status moved to, override reason…); never personal data. */
  details?: Record<string, string | number | boolean>;
}
