// @ts-check
const path = require('node:path');
const { LAYERS, ADAPTERS, EXCEPTIONS } = require('./layers');

/**
 * `stacks/import-layers`: every relative import in src/ and ingest/ must go down the layer table
 * (scripts/lint/layers.js), and only backends/ may reach into an adapter's folder. Written here
 * rather than taken from a plugin because the table is the repository's own and the check is a
 * path comparison: imports are resolved against the importing file, so `../api/app` is judged by
 * where it lands, not by how it is spelled. Package imports (`express`, `node:fs`) are not layers.
 */

const ROOT = path.resolve(__dirname, '../..');
const MODULES = Object.keys(LAYERS).sort((a, b) => b.length - a.length);

/** The longest module of the table containing this repository path (no extension needed). */
function moduleOf(rel) {
  const bare = rel.replace(/\.(d\.)?[cm]?[jt]s$/, '');
  return MODULES.find((m) => bare === m || bare.startsWith(`${m}/`));
}

function toRepoPath(absolute) {
  return path.relative(ROOT, absolute).split(path.sep).join('/');
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Imports go down the layer table of docs/architecture.md; adapters only from backends/',
    },
    // Tests hand their own exceptions in; the repository's are the table's.
    schema: [{ type: 'object', properties: { exceptions: { type: 'array' } }, additionalProperties: false }],
    messages: {
      upward:
        '{{from}} may not import {{to}} ({{spec}}): a folder imports only from the folders below it (scripts/lint/layers.js, docs/architecture.md).',
      adapter:
        '{{from}} may not reach into the adapter {{to}} ({{spec}}): go through the port; only backends/ opens adapters (docs/architecture.md).',
      stale:
        'The exception for {{file}} → {{target}} in scripts/lint/layers.js is no longer used ({{until}} has landed?): delete it, so the rule bites again.',
      unknown:
        '{{file}} is in no module of the layer table: add its folder to scripts/lint/layers.js and docs/architecture.md.',
    },
  },
  create(context) {
    const file = toRepoPath(context.filename);
    const from = moduleOf(file);
    if (!from) {
      if (file.startsWith('src/'))
        context.report({ loc: { line: 1, column: 0 }, messageId: 'unknown', data: { file } });
      return {};
    }
    const allowed = new Set([from, ...LAYERS[from]]);
    /** @type {typeof EXCEPTIONS} */
    const table = context.options[0]?.exceptions ?? EXCEPTIONS;
    const exceptions = table.filter((e) => e.file === file);
    const excused = exceptions.flatMap((e) => e.imports);
    const used = new Set();

    /** @param {import('estree').Node | null | undefined} source */
    function check(source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const target = toRepoPath(path.resolve(path.dirname(context.filename), spec)).replace(
        /\.[cm]?[jt]s$/,
        '',
      );
      const to = moduleOf(target);
      if (!to) return;
      if (excused.includes(target)) {
        used.add(target);
        return;
      }
      if (ADAPTERS.includes(to) && to !== from && from !== 'src/backends') {
        context.report({ node: source, messageId: 'adapter', data: { from, to, spec } });
      } else if (!allowed.has(to)) {
        context.report({ node: source, messageId: 'upward', data: { from, to, spec } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
      /** @param {any} node `import x = require('…')` and `typeof import('…')` in TypeScript */
      TSExternalModuleReference: (node) => check(node.expression),
      /** @param {any} node */
      TSImportType: (node) => check(node.source),
      // An exception outliving its reason would silently keep excusing the next such import.
      'Program:exit'() {
        for (const { imports, until } of exceptions)
          for (const target of imports.filter((t) => !used.has(t)))
            context.report({
              loc: { line: 1, column: 0 },
              messageId: 'stale',
              data: { file, target, until },
            });
      },
    };
  },
};

module.exports = rule;
