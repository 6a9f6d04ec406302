import request from 'supertest';
import { parseLoanRules } from '../../src/config/loan-rules.config';
import { createLoanPolicy } from '../../src/domain/circulation/loan-rules';
import { EMBEDDED_TARGET } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

const STAFF = { 'x-test-role': 'staff' };

// The rules are read at start and never touch the catalog: the embedded pair alone is enough.
describe('GET /circulation/rules', () => {
  let shipped: ApiFixture;
  let own: ApiFixture;
  beforeAll(async () => {
    shipped = await apiFixture(EMBEDDED_TARGET, {}, 0);
    const loanPolicy = createLoanPolicy(
      parseLoanRules(
        `timezone: Europe/Paris
patronTypes: [adult]
itemTypes: [book, reserve]
closed: { '*': { weekdays: [sunday] }, BRANCH: { dates: ['2026-12-24'] } }
rules:
  - { patronType: adult, itemType: '*', days: 21, renewals: 2, maxItems: 30 }
  - { patronType: adult, itemType: reserve, library: MAIN, hours: 4, renewals: 0, maxItems: 30 }
`,
        '/etc/stacks/loan-rules.yaml',
      ),
    );
    own = await apiFixture(EMBEDDED_TARGET, { loanPolicy }, 0);
  });
  afterAll(async () => {
    await shipped.close();
    await own.close();
  });

  test('when staff ask with no rules configured, then the shipped rules are shown as default', async () => {
    const res = await checked(request(shipped.app).get('/circulation/rules').set(STAFF));

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'default', patronTypes: ['adult', 'child', 'staff'] });
    expect(res.body.rules).toContainEqual(
      expect.objectContaining({ patronType: '*', itemType: '*', library: '*', period: { days: 21 } }),
    );
  });

  test('when the app is given rules, then those are shown, each rule with its line', async () => {
    const res = await checked(request(own.app).get('/circulation/rules').set(STAFF));

    expect(res.body).toEqual({
      timezone: 'Europe/Paris',
      patronTypes: ['adult'],
      itemTypes: ['book', 'reserve'],
      notLoanableItemTypes: [],
      holdShelfDays: 7,
      closed: {
        weekdays: ['sunday'],
        dates: [],
        libraries: { BRANCH: { weekdays: [], dates: ['2026-12-24'] } },
      },
      rules: [
        {
          patronType: 'adult',
          itemType: '*',
          library: '*',
          period: { days: 21 },
          renewals: 2,
          maxItems: 30,
          line: 6,
        },
        {
          patronType: 'adult',
          itemType: 'reserve',
          library: 'MAIN',
          period: { hours: 4 },
          renewals: 0,
          maxItems: 30,
          line: 7,
        },
      ],
      source: '/etc/stacks/loan-rules.yaml',
    });
  });

  test('when a reader or nobody asks, then 403 or 401', async () => {
    expect((await checked(request(own.app).get('/circulation/rules'))).status).toBe(401);
    expect(
      (await checked(request(own.app).get('/circulation/rules').set('x-test-role', 'reader'))).status,
    ).toBe(403);
  });
});
