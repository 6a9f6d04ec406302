import { AppError } from '../errors/app-error';
import type { ItemStore } from '../items/port';

/**
 * TODO(issue 12, h/items-mongo): delete with the MongoDB item store. Stands in for it so that a
 * MongoDB deployment still opens and serves records; only item calls fail, each with
 * `store_unavailable`, instead of the whole process refusing to start.
 */
export function itemsNotBuilt(): ItemStore {
  const fail = async (): Promise<never> => {
    throw new AppError('store_unavailable', 'items on MongoDB are not built yet');
  };
  return {
    get: fail,
    getMany: fail,
    forRecord: fail,
    forRecords: fail,
    list: fail,
    shelf: fail,
    create: fail,
    update: fail,
    changeStatus: fail,
    load: fail,
    withdrawOthers: fail,
    putHoldings: fail,
    holdingsFor: fail,
    unlinkedHoldings: fail,
    count: fail,
    close: async () => undefined,
  };
}
