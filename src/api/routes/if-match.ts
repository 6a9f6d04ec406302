import type { Response } from 'express';
import { AppError } from '../../errors/app-error';
import { boundedValue, excerpt } from '../../errors/excerpt';
import type { IfMatch } from '../../services/items.service';
import { parseTagList } from '../presenters/record.presenter';
import { headersOf } from './route-kit';

/** If-Match as versions (`"v3"`, `"v3-staff"`, weak or strong) or `*`; malformed is a 400. */
export function ifMatchOf(res: Response): IfMatch | undefined {
  const header = headersOf(res)['If-Match'];
  if (header === undefined) return undefined;
  const parsed = parseTagList(header);
  if (parsed) return 'any' in parsed ? parsed : { versions: parsed.versions };
  throw new AppError(
    'invalid_parameter',
    `header parameter If-Match must be "*" or a tag like "v3", not ${excerpt(header)}`,
    {
      errors: [
        {
          code: 'invalid_parameter',
          in: 'header',
          parameter: 'If-Match',
          value: boundedValue(header),
          message: 'must be "*" or a tag like "v3"',
        },
      ],
    },
  );
}
