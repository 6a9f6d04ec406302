import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The README is the way into the documentation: every page in docs/ must be listed there, and a
 * relative link in the README or a page must lead to a file that exists (anchors are not checked).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs');
const PAGES = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => path.join(DOCS, f));

/** Markdown link targets outside code: `[text](target)`; code spans and fences are not links. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

function relativeLinks(file: string): { target: string; resolved: string }[] {
  return linkTargets(readFileSync(file, 'utf8'))
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((target) => ({ target, resolved: path.resolve(path.dirname(file), target.split('#')[0]!) }));
}

describe('documentation links', () => {
  it('when the README is read, then it links every page in docs/', () => {
    const linked = new Set(relativeLinks(path.join(ROOT, 'README.md')).map((l) => l.resolved));
    const unlinked = PAGES.filter((page) => !linked.has(page)).map((page) => path.relative(ROOT, page));
    expect(unlinked).toEqual([]);
  });

  it('when the README and every page are read, then each relative link leads to an existing file', () => {
    const broken = [path.join(ROOT, 'README.md'), ...PAGES].flatMap((file) =>
      relativeLinks(file)
        .filter((l) => !existsSync(l.resolved))
        .map((l) => `${path.relative(ROOT, file)} → ${l.target}`),
    );
    expect(broken).toEqual([]);
  });

  it('when the README lists the pages, then docs/architecture.md comes first', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Documentation'));
    expect(linkTargets(table)[0]).toBe('docs/architecture.md');
  });
});
