import { InputError } from '@backstage/errors';
import {
  FINDING_CODES,
  FindingCode,
  FleetQuery,
  Severity,
} from '@meshwise/plugin-mesh-common';
import { z } from 'zod';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

const SEVERITIES = ['error', 'warning', 'info'] as const;

/** A query parameter given once (`a=1`) or repeated (`a=1&a=2`): always a list. */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    value => (value === undefined || Array.isArray(value) ? value : [value]),
    z.array(item).min(1),
  );

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const count = (name: string, max?: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(
      max === undefined
        ? z.number().int().min(0)
        : z
            .number()
            .int()
            .min(1, `${name} must be at least 1`)
            .max(max, `${name} must be at most ${max}`),
    );

const fleetQuerySchema = z
  .object({
    cluster: list(nonEmpty).optional(),
    namespace: list(nonEmpty).optional(),
    team: list(nonEmpty).optional(),
    severity: list(z.enum(SEVERITIES)).optional(),
    code: list(
      z.string().refine(
        (code): code is FindingCode =>
          (FINDING_CODES as readonly string[]).includes(code),
        code => ({ message: `unknown finding code "${code}"` }),
      ),
    ).optional(),
    search: z.string().max(200).optional(),
    sort: z.string().optional(),
    offset: count('offset').optional(),
    limit: count('limit', MAX_LIMIT).optional(),
  })
  .strict();

/** A fleet query with its page resolved. */
export type PagedFleetQuery = FleetQuery & { offset: number; limit: number };

/**
 * Validates a request's query string into a `FleetQuery` (repeated
 * parameters mean "any of"). `sortFields` are the fields the row type can be
 * sorted by; a `-` prefix sorts descending. Throws `InputError` (400) naming
 * the first bad parameter.
 */
export function parseFleetQuery(
  query: unknown,
  sortFields: readonly string[],
): PagedFleetQuery {
  const result = fleetQuerySchema.safeParse(query ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? `${issue.path[0]}: ` : '';
    throw new InputError(`Invalid query parameter ${where}${issue.message}`);
  }
  const parsed = result.data;
  if (parsed.sort !== undefined) {
    const field = parsed.sort.replace(/^-/, '');
    if (!sortFields.includes(field)) {
      throw new InputError(
        `Invalid query parameter sort: "${
          parsed.sort
        }" is not one of ${sortFields.join(', ')} (prefix - for descending)`,
      );
    }
  }
  const search = parsed.search?.trim();
  return {
    ...(parsed.cluster ? { cluster: parsed.cluster } : {}),
    ...(parsed.namespace ? { namespace: parsed.namespace } : {}),
    ...(parsed.team ? { team: parsed.team } : {}),
    ...(parsed.severity ? { severity: parsed.severity as Severity[] } : {}),
    ...(parsed.code ? { code: parsed.code as FindingCode[] } : {}),
    ...(search ? { search } : {}),
    ...(parsed.sort ? { sort: parsed.sort } : {}),
    offset: parsed.offset ?? 0,
    limit: parsed.limit ?? DEFAULT_LIMIT,
  };
}
