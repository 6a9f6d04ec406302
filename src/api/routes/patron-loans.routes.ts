import type { CirculationService } from '../../services/circulation.service';
import { holdJson, loanJson } from '../presenters/circulation.presenter';
import { loansJson } from './circulation.routes';
import { pathOf, queryOf, type RouteKit } from './route-kit';

/**
 * Circulation seen from a patron, an item or a record (staff): loans and holds under paths the
 * patrons and items routers leave alone.
 */
export function patronLoansRoutes(kit: RouteKit, circulation: CirculationService): void {
  kit.add('listPatronLoans', async (_req, res) => {
    const { patron, loans } = await circulation.loansOfPatron(pathOf(res, 'listPatronLoans').barcode);
    res.json({ patronBarcode: patron.barcode, loans: await loansJson(circulation, loans) });
  });

  kit.add('listPatronHolds', async (_req, res) => {
    const { ended } = queryOf(res, 'listPatronHolds');
    const { patron, holds } = await circulation.holdsOfPatron(pathOf(res, 'listPatronHolds').barcode, ended);
    const names = new Map([[patron.id, patron]]);
    res.json({ patronBarcode: patron.barcode, holds: holds.map((h) => holdJson(h, names)) });
  });

  kit.add('listRecordHolds', async (_req, res) => {
    const { id } = pathOf(res, 'listRecordHolds');
    const holds = await circulation.holdQueue(id);
    const names = await circulation.patronsById(holds.flatMap((h) => h.patronId ?? []));
    res.json({ recordId: id, holds: holds.map((h) => holdJson(h, names)) });
  });

  kit.add('getItemLoan', async (_req, res) => {
    const { loan } = await circulation.loanOfItem(pathOf(res, 'getItemLoan').barcode);
    const names = await circulation.patronsById(loan.patronId ? [loan.patronId] : []);
    res.json(loanJson(loan, names, new Date().toISOString()));
  });
}
