import type { Request } from 'express';
import { AppError } from '../../errors/app-error';
import { excerpt } from '../../errors/excerpt';
import {
  CITATION_MEDIA_TYPES,
  CITATION_STYLES,
  type CitationStyle,
} from '../../interop/citations/citation-formats';

/**
 * The style of a formatted citation: `?style=`, else the `style` parameter of the Accept header's
 * `text/x-bibliography` (DOI content negotiation spells it `Accept: text/x-bibliography;
 * style=apa`, and clients written for it send that), else the default. The query's value the
 * spec already checked; the header's is checked here, with the same code.
 */
export function citationStyle(req: Request, query: CitationStyle | undefined): CitationStyle | undefined {
  if (query) return query;
  const given = acceptedStyle(req.get('accept') ?? '');
  if (given === undefined) return undefined;
  const style = CITATION_STYLES.find((s) => s === given.toLowerCase());
  if (style) return style;
  throw new AppError(
    'invalid_citation_style',
    `Accept names style ${excerpt(given)}; use one of ${CITATION_STYLES.map((s) => `"${s}"`).join(', ')}`,
    { style: given.slice(0, 100) },
  );
}

function acceptedStyle(header: string): string | undefined {
  for (const range of header.split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim());
    if (type?.toLowerCase() !== CITATION_MEDIA_TYPES.citation) continue;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq > 0 && param.slice(0, eq).trim().toLowerCase() === 'style')
        return param
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1');
    }
  }
  return undefined;
}

/**
 * `req.accepts(types)`, reading a `text/x-bibliography; style=…` range as `text/x-bibliography`:
 * Express's negotiator only matches a range with parameters to an offer with the same ones, and
 * the style is not a different media type but a choice within it (read by citationStyle).
 */
export function acceptsIgnoringStyle(req: Request, types: string[]): string | false {
  const header = req.get('accept');
  if (!header || !/;\s*style\s*=/i.test(header)) return req.accepts(types);
  const accept = header.replace(/;\s*style\s*=\s*("[^"]*"|[^;,]*)/gi, '');
  const view = Object.create(req, { headers: { value: { ...req.headers, accept } } }) as Request;
  return view.accepts(types);
}
