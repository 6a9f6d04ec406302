// @ts-check
/**
 * The layering rule as data: one table, read by the `stacks/import-layers` lint rule
 * (scripts/lint/import-layers.rule.js) and explained in docs/architecture.md. Change the rule
 * here, and the page with it.
 *
 * A module is a folder (or a single file) of the repository. A file belongs to the longest module
 * path that contains it, so `src/store/sqlite/schema.ts` is in `src/store/sqlite`, not in
 * `src/store`. A file may import from its own module and from the modules its row lists; nothing
 * else. The lists are written out in full rather than inherited, so that what reads config and
 * what may reach an adapter stays visible in each row. Tests and scripts are outside the rule:
 * they may import anything.
 */

const BASE = ['src/errors', 'src/domain'];
const MARC = [...BASE, 'src/marc'];
const MAPPING = [...MARC, 'src/mapping'];
const PORTS = [...MARC, 'src/store', 'src/search', 'src/items', 'src/patrons', 'src/circulation'];

/** The folders that hold one port's adapter: only the composition root (backends) imports them. */
const ADAPTERS = [
  'src/store/sqlite',
  'src/store/mongo',
  'src/search/sqlite',
  'src/search/elastic',
  'src/items/sqlite',
  'src/items/mongo',
  'src/patrons/sqlite',
  'src/patrons/mongo',
  'src/circulation/sqlite',
  'src/circulation/mongo',
];

/** @type {Readonly<Record<string, readonly string[]>>} module → the modules it may import */
const LAYERS = {
  // The bottom: the catalog's own vocabulary and the one error hierarchy.
  'src/errors': [],
  'src/domain': ['src/errors'],
  'src/app-info': [],
  // Reading and writing MARC, then MARC → index documents.
  'src/marc': BASE,
  'src/mapping': MARC,
  // The top-level ingest/profile: mapping profiles are data written in mapping's vocabulary.
  'ingest/profile': MAPPING,
  // Ports (port.ts, the query language, what every adapter shares) and their adapters.
  'src/store': MARC,
  'src/search': BASE,
  'src/connections': ['src/errors'],
  // What the MongoDB adapters share (error translation, the write queue, schema options): below
  // them all, above nothing domain-specific.
  'src/connections/mongo-kit': ['src/errors'],
  // What the SQLite adapters share (prepared statements by their text): likewise.
  'src/connections/sqlite-kit': [],
  'src/store/sqlite': [...MARC, 'src/store', 'src/connections/sqlite-kit'],
  'src/store/mongo': [...MARC, 'src/store', 'src/connections/mongo-kit'],
  'src/search/sqlite': [...BASE, 'src/search', 'src/connections/sqlite-kit'],
  'src/search/elastic': [...BASE, 'src/search'],
  // Items: a record's copies and holdings (docs/items.md).
  'src/items': BASE,
  'src/items/sqlite': [...BASE, 'src/items', 'src/connections/sqlite-kit'],
  'src/items/mongo': [...BASE, 'src/items', 'src/connections/mongo-kit'],
  // Patrons and circulation (docs/circulation.md): personal data and what the desk does with it.
  'src/patrons': BASE,
  'src/patrons/sqlite': [...BASE, 'src/patrons', 'src/connections/sqlite-kit'],
  'src/patrons/mongo': [...BASE, 'src/patrons', 'src/connections/mongo-kit'],
  'src/circulation': BASE,
  'src/circulation/sqlite': [...BASE, 'src/circulation', 'src/connections/sqlite-kit'],
  'src/circulation/mongo': [...BASE, 'src/circulation', 'src/connections/mongo-kit'],
  // Read by the top and passed down; only the composition root below the top reads config itself.
  'src/config': ['src/errors', 'src/connections'],
  'src/logging': ['src/errors', 'src/config'],
  // The composition root: opens the configured adapters behind the ports, owns the unit of work.
  'src/backends': [...PORTS, 'src/config', 'src/connections', ...ADAPTERS],
  'src/ingest': [...MAPPING, 'ingest/profile', 'src/store', 'src/search', 'src/items', 'src/backends'],
  'src/services': [
    ...MAPPING,
    'src/store',
    'src/search',
    'src/items',
    'src/patrons',
    'src/circulation',
    'src/backends',
  ],
  'src/jobs': [
    ...MAPPING,
    'ingest/profile',
    'src/store',
    'src/search',
    'src/items',
    'src/patrons',
    'src/circulation',
    'src/backends',
    'src/ingest',
    'src/services',
    'src/logging',
  ],
  // Protocols over the services (SRU/CQL and OAI-PMH; DAIA later): thin, no adapters.
  'src/interop': [...MAPPING, 'src/store', 'src/search', 'src/items', 'src/backends', 'src/services'],
  // The top: they read config and logging and pass them down.
  'src/api': [
    ...MAPPING,
    'ingest/profile',
    'src/store',
    'src/search',
    'src/items',
    'src/patrons',
    'src/circulation',
    'src/backends',
    'src/ingest',
    'src/services',
    'src/jobs',
    'src/interop',
    'src/config',
    'src/logging',
    'src/app-info',
  ],
  'src/cli': [
    ...MAPPING,
    'ingest/profile',
    'src/store',
    'src/search',
    'src/items',
    'src/patrons',
    'src/circulation',
    'src/backends',
    'src/ingest',
    'src/services',
    'src/jobs',
    'src/interop',
    'src/api',
    'src/config',
    'src/logging',
    'src/app-info',
  ],
};

/**
 * Imports the rule allows against the table, each temporary and named by the issue that removes
 * it: `{ file, imports: [module paths], until: 'issue …' }`. Lint reports an entry whose import is
 * gone, so it is deleted when its issue lands and the rule bites again. None today: the last one,
 * src/ingest/prepared-entry.ts's SQLite imports, went with issue 11 item 1.
 * @type {readonly { file: string, imports: readonly string[], until: string }[]}
 */
const EXCEPTIONS = [];

module.exports = { LAYERS, ADAPTERS, EXCEPTIONS };
