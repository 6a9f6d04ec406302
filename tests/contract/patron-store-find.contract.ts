import { AppError } from '../../src/errors/app-error';
import type { PatronQuery } from '../../src/patrons/port';
import { names, newPatron, T0, T1, usePatronStore, type MakePatronStore } from './patron-store.fixtures';

export function describePatronFindContract(makePatrons: MakePatronStore): void {
  describe('find', () => {
    const store = usePatronStore(makePatrons);

    const seed = async (): Promise<void> => {
      await store().create(newPatron('p1', 'Émile Zola', { email: 'Emile@Example.org' }), T0);
      await store().create(newPatron('p2', 'emily  Dickinson', { email: 'emily@example.org' }), T0);
      await store().create(newPatron('p3', 'Emma Woodhouse'), T0);
      await store().create(newPatron('p4', 'Doe, Jane', { email: 'jane@example.org' }), T0);
      await store().create(newPatron('p5', '王𠀋'), T0);
    };
    const find = async (query: Omit<PatronQuery, 'limit'>): Promise<string[]> =>
      names((await store().find({ limit: 50, ...query })).patrons);

    test('when no filter is given, then every patron comes, ordered by name key', async () => {
      await seed();
      expect(await find({})).toEqual([
        'Doe, Jane',
        'Émile Zola',
        'emily  Dickinson',
        'Emma Woodhouse',
        '王𠀋',
      ]);
    });

    test('when a name prefix is given, then case, diacritics and repeated spaces are ignored', async () => {
      await seed();
      expect(await find({ namePrefix: 'EMI' })).toEqual(['Émile Zola', 'emily  Dickinson']);
      expect(await find({ namePrefix: 'émi' })).toEqual(['Émile Zola', 'emily  Dickinson']);
      expect(await find({ namePrefix: 'Emily   d' })).toEqual(['emily  Dickinson']);
      expect(await find({ namePrefix: 'em' })).toEqual(['Émile Zola', 'emily  Dickinson', 'Emma Woodhouse']);
      expect(await find({ namePrefix: 'emz' })).toEqual([]);
    });

    test('when a name continues past the prefix with a character beyond U+FFFF, then it is found', async () => {
      await seed();
      expect(await find({ namePrefix: '王' })).toEqual(['王𠀋']);
    });

    test('when a barcode or an email is given, then it matches whole, in any case', async () => {
      await seed();
      expect(await find({ barcode: ' P3 ' })).toEqual(['Emma Woodhouse']);
      expect(await find({ email: 'EMILE@example.ORG' })).toEqual(['Émile Zola']);
      expect(await find({ email: 'emile' })).toEqual([]);
      expect(await find({ namePrefix: 'em', email: 'emily@example.org' })).toEqual(['emily  Dickinson']);
    });

    test('when paging, then every patron comes once, same names ordered by id, and the last page has no next', async () => {
      for (const [n, name] of ['Smith, Ann', 'Smith, Ann', 'Jones, Bo', 'Smith, Ann', 'Adams, Cy'].entries())
        await store().create(newPatron(`s${n}`, name, { id: `id-${4 - n}` }), T0);
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await store().find({ limit: 2, ...(after !== undefined && { after }) });
        seen.push(...page.patrons.map((p) => `${p.name}/${p.id}`));
        after = page.next;
        pages++;
      } while (after !== undefined && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([
        'Adams, Cy/id-0',
        'Jones, Bo/id-2',
        'Smith, Ann/id-1',
        'Smith, Ann/id-3',
        'Smith, Ann/id-4',
      ]);
    });

    test('when a page is filtered by name, then its cursor continues within the prefix', async () => {
      await seed();
      const first = await store().find({ namePrefix: 'em', limit: 2 });
      expect(names(first.patrons)).toEqual(['Émile Zola', 'emily  Dickinson']);
      const second = await store().find({ namePrefix: 'em', limit: 2, after: first.next! });
      expect(names(second.patrons)).toEqual(['Emma Woodhouse']);
      expect(second.next).toBeUndefined();
    });

    test.each([
      ['garbage', 'not a cursor!'],
      ['base64 of no JSON', Buffer.from('hello').toString('base64url')],
      [
        'an item list cursor',
        Buffer.from(JSON.stringify({ l: 'MAIN', s: 'STACKS', k: '', i: 'b1' })).toString('base64url'),
      ],
      [
        'a cursor with a number for a name',
        Buffer.from(JSON.stringify({ n: 1, i: 'x' })).toString('base64url'),
      ],
    ])(
      'when the cursor is %s, then find fails with invalid_parameter naming cursor',
      async (_what, cursor) => {
        await seed();
        const error = await store()
          .find({ limit: 2, after: cursor })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: 'invalid_parameter', details: { parameter: 'cursor' } });
      },
    );

    test('when a patron is anonymised, then only includeAnonymised lists it, and never by name or email', async () => {
      await seed();
      const gone = (await store().get('p4'))!;
      await store().anonymise(gone.id, T1);
      expect(await find({})).not.toContain('');
      const all = (await store().find({ limit: 50, includeAnonymised: true })).patrons;
      expect(all.map((p) => p.id)).toContain(gone.id);
      expect(await find({ includeAnonymised: true, namePrefix: '' })).not.toContain('');
      expect(await find({ includeAnonymised: true, email: 'jane@example.org' })).toEqual([]);
      expect(await find({ includeAnonymised: true, barcode: 'p4' })).toEqual([]);
    });
  });
}
