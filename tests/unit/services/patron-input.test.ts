import { openLocationDirectory } from '../../../src/api/location-directory';
import { AppError } from '../../../src/errors/app-error';
import { dayFrom, newPatronFrom } from '../../../src/services/patron-input';
import { addMonths } from '../../../src/services/patrons.service';

const rules = { locations: openLocationDirectory() };
const ERIKA = {
  barcode: 'P1',
  name: 'Example, Erika',
  email: 'erika@example.org',
  patronType: 'adult',
  expiry: '2030-01-01',
};

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('patron input', () => {
  test.each(['2030-02-29', '2030-13-01', '2030-00-10', '2030-04-31', '30-01-01', '2030-1-1', 'tomorrow', ''])(
    'when the day is %j, then invalid_patron naming the field',
    (day) => {
      const err = refusal(() => dayFrom(day, 'expiry'));
      expect([err.code, err.details.field]).toEqual(['invalid_patron', 'expiry']);
    },
  );

  test.each(['2028-02-29', '2030-12-31', ' 2030-01-01 '])('when the day is %j, then it is taken', (day) => {
    expect(dayFrom(day, 'expiry')).toBe(day.trim());
  });

  test.each([
    ['barcode', { barcode: ' ' }],
    ['barcode', { barcode: 'X'.repeat(65) }],
    ['name', { name: '\u0007' }],
    ['email', { email: 'erika@example' }],
    ['email', { email: 'erika example@example.org' }],
    ['phone', { phone: 'call Erika' }],
    ['patronType', { patronType: 'adult reader' }],
    ['homeLibrary', { homeLibrary: 'NOWHERE' }],
  ])('when %s is bad, then the refusal names it and never repeats the value', (field, change) => {
    const err = refusal(() => newPatronFrom({ ...ERIKA, ...change }, rules));
    expect([err.code, err.details.field]).toEqual(['invalid_patron', field]);
    for (const value of Object.values(change))
      if (value.trim().length > 2) expect(err.message).not.toContain(value);
  });

  test('when fields need tidying, then they are brought to their form', () => {
    const patron = newPatronFrom(
      {
        ...ERIKA,
        barcode: ' P1 ',
        name: ' Example,   Erika ',
        patronType: 'ADULT',
        homeLibrary: 'main',
        phone: '',
        notes: ' x ',
      },
      rules,
    );
    expect(patron).toEqual({ ...ERIKA, homeLibrary: 'MAIN', notes: 'x' });
  });

  test('when loan rules name patron types, then others are refused naming the known ones', () => {
    const err = refusal(() =>
      newPatronFrom({ ...ERIKA, patronType: 'robot' }, { ...rules, patronTypes: ['adult', 'child'] }),
    );
    expect(err.message).toContain('adult, child');
  });

  test.each([
    ['2030-01-31', 1, '2030-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2030-06-15', 12, '2031-06-15'],
    ['2030-12-01', 1, '2031-01-01'],
  ])('when %s gets %i month(s), then it is %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});
