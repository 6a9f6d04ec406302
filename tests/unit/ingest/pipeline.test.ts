import { backends, ingest, marc, outcomes } from './pipeline-harness';

describe('ingest pipeline', () => {
  test('when a file is loaded twice, then the second run changes nothing', async () => {
    const b = backends();
    const file = Buffer.concat([marc('a1', 'One'), marc('a2', 'Two')]);
    expect(outcomes((await ingest(b, file)).lines)).toEqual([
      ['a1', 'created'],
      ['a2', 'created'],
    ]);
    expect(outcomes((await ingest(b, file)).lines)).toEqual([
      ['a1', 'unchanged'],
      ['a2', 'unchanged'],
    ]);
    expect(await b.store.count()).toBe(2);
    expect([...b.indexed.keys()]).toEqual(['a1', 'a2']);
  });

  test('when a record changes or asks to be deleted, then it is updated or deleted in store and index', async () => {
    const b = backends();
    await ingest(b, Buffer.concat([marc('a1', 'One'), marc('a2', 'Two')]));
    const { lines } = await ingest(
      b,
      Buffer.concat([
        marc('a1', 'One, revised'),
        marc('a2', 'Two', { status: 'd' }),
        marc('a3', 'Three', { status: 'd' }),
      ]),
    );
    expect(lines.map((l) => [l.id, l.outcome, l.reason ?? null])).toEqual([
      ['a1', 'updated', null],
      ['a2', 'deleted', null],
      ['a3', 'skipped', 'delete of a record that is not in the catalog'],
    ]);
    expect(b.indexed.get('a1')?.title).toBe('One, revised');
    expect(b.indexed.has('a2')).toBe(false);
    expect(await b.store.getTombstone('a2')).toBeDefined();
  });

  test('when a record is damaged or cannot be mapped, then it is rejected with its reason and bytes, and the rest load', async () => {
    const b = backends();
    const { lines, raws } = await ingest(
      b,
      Buffer.concat([
        marc('a1', 'One'),
        Buffer.from('garbage!'),
        marc(undefined, 'No id'),
        marc('a2', 'Two'),
      ]),
    );
    expect(lines.map((l) => [l.record, l.outcome])).toEqual([
      [1, 'created'],
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'created'],
    ]);
    expect(lines[1]?.reason).toMatch(/^marc_garbage: /);
    expect(lines[2]?.reason).toBe('mapping failed: no 001');
    expect(Buffer.from(raws[0]!).toString()).toBe('garbage!');
    expect(await b.store.count()).toBe(2);
  });

  test('when a dry run, then outcomes are predicted and nothing is written', async () => {
    const b = backends();
    await ingest(b, marc('a1', 'One'));
    const { lines } = await ingest(
      b,
      Buffer.concat([
        marc('a1', 'One'),
        marc('a1', 'One again'),
        marc('a2', 'Two'),
        marc('a1', '', { status: 'd' }),
      ]),
      { dryRun: true },
    );
    expect(outcomes(lines)).toEqual([
      ['a1', 'unchanged'],
      ['a1', 'rejected'],
      ['a2', 'created'],
      ['a1', 'rejected'],
    ]);
    expect(await b.store.count()).toBe(1);
    expect((await b.store.get('a1'))?.version).toBe(1);
  });

  test('when matching on 035, then a vendor record overlays the existing record and keeps its id', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    const { lines } = await ingest(b, marc('vendor9', 'Vendor copy', { oclc: '12345' }), { match: ['035'] });
    expect(lines.map((l) => [l.id, l.outcome, l.reason])).toEqual([
      ['local1', 'updated', 'matched local1 on 035'],
    ]);
    expect((await b.store.get('local1'))?.document.title).toBe('Vendor copy');
    expect(await b.store.count()).toBe(1);
  });

  test('when a file overlaid with --match is loaded again without it, then its records come back unchanged, not duplicated', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    const vendor = marc('vendor9', 'Vendor copy', { oclc: '12345' });
    await ingest(b, vendor, { match: ['035'] });

    const { lines } = await ingest(b, vendor);

    expect(lines.map((l) => [l.id, l.outcome, l.reason])).toEqual([
      ['local1', 'unchanged', 'matched local1 on id (overlaid before)'],
    ]);
    expect(await b.store.count()).toBe(1);
    expect((await b.store.get('local1'))?.document.alternateIds).toEqual(['vendor9']);
    expect((await b.store.findIds('id', ['vendor9'])).get('vendor9')).toEqual(['local1']);
  });

  test('when two vendors overlay one record, then both ids stay matchable and a changed reload updates it', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    await ingest(b, marc('vendorA', 'A copy', { oclc: '12345' }), { match: ['035'] });
    await ingest(b, marc('vendorB', 'B copy', { oclc: '12345' }), { match: ['035'] });

    const { lines } = await ingest(b, marc('vendorA', 'A copy, revised', { oclc: '12345' }));

    expect(outcomes(lines)).toEqual([['local1', 'updated']]);
    expect((await b.store.get('local1'))?.document.alternateIds).toEqual(['vendorA', 'vendorB']);
    expect(await b.store.count()).toBe(1);
  });

  test('when the library reloads its own record after an overlay, then the vendor id stays matchable', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    const vendor = marc('vendor9', 'Vendor copy', { oclc: '12345' });
    await ingest(b, vendor, { match: ['035'] });
    await ingest(b, marc('local1', 'Local, corrected', { oclc: '12345' }));

    const { lines } = await ingest(b, vendor);

    expect(outcomes(lines)).toEqual([['local1', 'updated']]);
    expect((await b.store.get('local1'))?.document.alternateIds).toEqual(['vendor9']);
    expect(await b.store.count()).toBe(1);
  });

  test('when a match is ambiguous, then the record is rejected naming the candidates', async () => {
    const b = backends();
    await ingest(b, Buffer.concat([marc('x1', 'A', { oclc: '7' }), marc('x2', 'B', { oclc: '7' })]));
    const { lines } = await ingest(b, marc('v1', 'C', { oclc: '7' }), { match: ['035'] });
    expect(lines.map((l) => [l.outcome, l.reason])).toEqual([
      ['rejected', 'ambiguous match on 035: records x1, x2'],
    ]);
  });

  test('when --on-match skip, then records landing on existing ones are skipped and new ones created', async () => {
    const b = backends();
    await ingest(b, marc('a1', 'One'));
    const { lines } = await ingest(b, Buffer.concat([marc('a1', 'One changed'), marc('a2', 'Two')]), {
      onMatch: 'skip',
    });
    expect(outcomes(lines)).toEqual([
      ['a1', 'skipped'],
      ['a2', 'created'],
    ]);
    expect((await b.store.get('a1'))?.document.title).toBe('One');
  });

  test('when batches are tiny, then the outcomes (duplicate ids too) are the same as in one batch', async () => {
    const file = Buffer.concat([
      marc('a1', 'One'),
      marc('a1', 'One b'),
      marc('a2', 'Two'),
      marc('a2', '', { status: 'd' }),
      marc('a3', 'Three'),
    ]);
    const big = await ingest(backends(), file, { batchSize: 1000 });
    const tiny = await ingest(backends(), file, { batchSize: 1 });
    expect(outcomes(tiny.lines)).toEqual(outcomes(big.lines));
    expect(outcomes(big.lines)).toEqual([
      ['a1', 'created'],
      ['a1', 'rejected'],
      ['a2', 'created'],
      ['a2', 'rejected'],
      ['a3', 'created'],
    ]);
  });
});
