import type { RenewIntent } from '../domain/circulation/intent';
import type { Loan, LoanOverride } from '../domain/circulation/loan';
import type { Item } from '../domain/items/item';
import { AppError } from '../errors/app-error';
import { busy } from './circulation-checkout';
import {
  isVersionConflict,
  MAX_ATTEMPTS,
  recordEvent,
  requireItem,
  runOperation,
  today,
  facts,
  withoutUndefined,
  type CirculationContext,
} from './circulation-context';
import { renewRefusals, renewedDueAt } from '../domain/circulation/renew-refusals';
import { borrowersOnly } from './circulation-checkin';
import { applyOverride, type OverrideRequest } from './circulation-overrides';

export interface RenewRequest {
  /** One of the two: the loan's id, or the item's barcode. */
  loanId?: string;
  itemBarcode?: string;
  override?: OverrideRequest;
  by?: string;
}

/**
 * A later due date for an open loan: one compare-and-set on the item (same status, the loan's
 * `dueAt` and `renewals` changed), so a renewal racing a check-in either lands on the open loan or
 * loses and is decided again. The event follows; its id names the renewal, so a retry adds none,
 * and the intent written before lets recovery append it after a crash.
 */
export async function renew(
  ctx: CirculationContext,
  request: RenewRequest,
): Promise<{ loan: Loan; item: Item }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const result = await runOperation(ctx, () => attemptRenew(ctx, request));
    if (result) return result;
  }
  throw busy(request.itemBarcode ?? request.loanId ?? '');
}

async function attemptRenew(
  ctx: CirculationContext,
  request: RenewRequest,
): Promise<{ loan: Loan; item: Item } | undefined> {
  const item = await itemOf(ctx, request);
  const loan = item.loan;
  if (!loan || (request.loanId !== undefined && loan.id !== request.loanId)) {
    if (request.loanId !== undefined) throw loanNotFound(request.loanId);
    throw new AppError('item_not_on_loan', `item ${item.barcode} is not on loan (it is ${item.status})`, {
      barcode: item.barcode,
      status: item.status,
    });
  }
  const patron = loan.patronId ? await ctx.ports.patrons.getById(loan.patronId) : undefined;
  if (!patron) throw loanNotFound(loan.id);
  const day = today(ctx);
  const queue = await ctx.ports.circulation.holdQueue(item.recordId);
  const input = {
    patron,
    item,
    loan,
    today: day,
    holds: await borrowersOnly(ctx, queue, day),
    policy: ctx.policy,
  };
  const at = ctx.now();
  const override = applyOverride(renewRefusals(input), request.override, at, request.by);
  const renewed: Loan = withoutUndefined({
    ...loan,
    dueAt: renewedDueAt(input, at),
    renewals: loan.renewals + 1,
    overrides: override ? [...(loan.overrides ?? []), override] : loan.overrides,
  });
  const intent = renewIntent(ctx, renewed, item.barcode, at, request.by, override);
  await ctx.ports.circulation.putIntent(intent);
  let saved: Item | undefined;
  try {
    const change = withoutUndefined({
      from: item.status,
      to: item.status,
      at,
      by: request.by,
      reason: 'renewed',
    });
    saved = await ctx.ports.items.circulate(item.barcode, change, { loan: renewed }, item.version);
  } catch (err) {
    await ctx.ports.circulation.deleteIntent(intent.id);
    if (isVersionConflict(err)) return undefined;
    throw err;
  }
  await recordEvent(ctx, intent.event);
  await ctx.ports.circulation.deleteIntent(intent.id);
  return { loan: renewed, item: saved ?? item };
}

/** What a renewal writes down before the item (a crash after it leaves recovery the event). */
function renewIntent(
  ctx: CirculationContext,
  renewed: Loan,
  itemBarcode: string,
  at: string,
  by: string | undefined,
  override: LoanOverride | undefined,
): RenewIntent {
  const event = withoutUndefined({
    id: `${renewed.id}:renew:${renewed.renewals}`,
    kind: 'renew' as const,
    at,
    by,
    itemBarcode,
    loanId: renewed.id,
    patronId: renewed.patronId,
    details: facts({
      dueAt: renewed.dueAt,
      renewals: renewed.renewals,
      overridden: override?.codes.join(','),
      overrideReason: override?.reason,
    }),
  });
  return withoutUndefined({
    // Its own id: of two renewals racing, the one that loses must not delete the winner's.
    id: `${renewed.id}:renew:${ctx.newId()}`,
    kind: 'renew' as const,
    startedAt: at,
    by,
    loan: renewed,
    event,
  });
}

/**
 * The item a renewal names: by barcode, or by loan id the item holding that open loan (the open
 * loan lives on its item; nothing in the event log is needed, which a patron who keeps no history
 * unlinks and a crash may leave unwritten).
 */
async function itemOf(ctx: CirculationContext, request: RenewRequest): Promise<Item> {
  if (request.itemBarcode !== undefined) return requireItem(ctx, request.itemBarcode);
  const loanId = request.loanId ?? '';
  const item = await ctx.ports.items.withLoan(loanId);
  if (!item) throw loanNotFound(loanId);
  return item;
}

export function loanNotFound(id: string): AppError {
  return new AppError('loan_not_found', `no open loan ${id}`, { id });
}
