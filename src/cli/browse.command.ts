import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import type { BrowseIndex } from '../search/port';
import { SearchService, type BrowseResult } from '../services/search.service';
import { intFlag, openExistingCatalog } from './catalog-flags';
import { addAlias } from './option-aliases';

interface BrowseFlags {
  from: string;
  before?: string;
  after?: string;
  scheme?: 'lc' | 'dewey';
  db?: string;
  json?: boolean;
}

export function registerBrowse(program: Command): void {
  const command = program
    .command('browse')
    .description('browse an index around a heading: authors, titles, subjects, call numbers in shelf order')
    .addArgument(new Argument('<index>', 'which index').choices(['author', 'title', 'subject', 'callnumber']))
    .requiredOption('--from <heading>', 'where to start (a name, title, subject or call number)')
    .option('--before <n>', 'entries before the heading (default 5)')
    .option('--after <n>', 'entries from the heading on (default 15)')
    .addOption(new Option('--scheme <scheme>', 'call numbers of one scheme only').choices(['lc', 'dewey']))
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--json', 'print the JSON the HTTP API returns')
    .action(async (index: BrowseIndex, flags: BrowseFlags) => {
      const result = await browse(index, flags);
      process.stdout.write(flags.json ? JSON.stringify(result, null, 2) + '\n' : render(result));
    });
  addAlias(command, '--type <scheme>', 'scheme');
}

export async function browse(index: BrowseIndex, flags: BrowseFlags): Promise<BrowseResult> {
  const backends = await openExistingCatalog(flags.db);
  try {
    return await new SearchService(backends.index).browse({
      index,
      from: flags.from,
      before: intFlag('before', flags.before, 0, 1000),
      after: intFlag('after', flags.after, 0, 1000),
      ...(flags.scheme ? { scheme: flags.scheme } : {}),
    });
  } finally {
    await backends.close();
  }
}

function render(r: BrowseResult): string {
  const lines = r.entries.map((e, i) => {
    const mark = i === r.anchor ? '>' : ' ';
    const records = e.records?.map((x) => x.controlNumber ?? x.id).join(', ');
    return `${mark} ${e.heading}  (${e.count})${records ? `  ${records}` : ''}`;
  });
  if (r.anchor >= r.entries.length) lines.push(`> (end of the ${r.index} index after "${r.from}")`);
  return lines.join('\n') + '\n';
}
