/** The part of @natlibfi/sru-client (6.x, no types of its own) the SRU suite uses. */
declare module '@natlibfi/sru-client' {
  import type { EventEmitter } from 'node:events';

  export interface SruClientOptions {
    url: string;
    version?: string;
    recordSchema?: string;
    maxRecordsPerRequest?: number;
    recordFormat?: 'string' | 'object';
    retrieveAll?: boolean;
  }

  export default function createClient(options: SruClientOptions): {
    /** Emits `total` (number), `record` (string), `end` and `error`. */
    searchRetrieve(query: string, options?: { startRecord?: number; recordSchema?: string }): EventEmitter;
  };
}
