/**
 * Label selectors in the string form of `?labelSelector=` (see Kubernetes "Labels and
 * Selectors"): equality (`=`, `==`, `!=`), set-based (`in`, `notin`), existence (`key`,
 * `!key`) and the numeric `>` / `<` the real parser also accepts. Terms are ANDed.
 */
export type LabelRequirement =
  | { key: string; operator: 'exists' | 'doesNotExist' }
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'gt' | 'lt'; value: number };

export interface LabelSelector {
  requirements: LabelRequirement[];
  /** True when the selector selects everything (empty string). */
  empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
}

export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateKey(key: string): void {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  if (
    prefix !== undefined &&
    (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
  ) {
    throw new SelectorParseError(
      `unable to parse requirement: key: Invalid value: "${key}": prefix part must be a DNS-1123 subdomain`,
    );
  }
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) {
    throw new SelectorParseError(
      `unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function validateValue(key: string, value: string): void {
  if (value === '') return;
  if (value.length > 63 || !NAME_PART.test(value)) {
    throw new SelectorParseError(
      `unable to parse requirement: values[0][${key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

type Token =
  | { kind: 'id'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'comma' | 'open' | 'close' | 'not' };

const SPECIAL = new Set([',', '=', '!', '(', ')', '<', '>', ' ', '\t', '\n']);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
    } else if (c === ',') {
      tokens.push({ kind: 'comma' });
      i++;
    } else if (c === '(') {
      tokens.push({ kind: 'open' });
      i++;
    } else if (c === ')') {
      tokens.push({ kind: 'close' });
      i++;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '==' });
      i += 2;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '!=' });
      i += 2;
    } else if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else if (c === '!') {
      tokens.push({ kind: 'not' });
      i++;
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input[j])) j++;
      tokens.push({ kind: 'id', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

function matchRequirement(
  req: LabelRequirement,
  labels: Record<string, string> | undefined,
): boolean {
  const has =
    labels !== undefined &&
    Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'exists':
      return has;
    case 'doesNotExist':
      return !has;
    case 'in':
      return has && req.values.includes(labels![req.key]);
    case 'notin':
      // Like the real selector: an object without the key matches `!=` and `notin`.
      return !has || !req.values.includes(labels![req.key]);
    case 'gt':
    case 'lt': {
      if (!has) return false;
      const n = Number(labels![req.key]);
      if (!Number.isFinite(n) || !/^-?\d+$/.test(labels![req.key]))
        return false;
      return req.operator === 'gt' ? n > req.value : n < req.value;
    }
    default:
      return false;
  }
}

/** Parses a label selector string; throws `SelectorParseError` on bad syntax. */
export function parseLabelSelector(
  input: string | undefined | null,
): LabelSelector {
  const requirements: LabelRequirement[] = [];
  const tokens = tokenize(input ?? '');
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (msg: string): never => {
    throw new SelectorParseError(`unable to parse requirement: ${msg}`);
  };
  const expectId = (what: string): string => {
    const t = tokens[pos++];
    if (!t || t.kind !== 'id')
      return fail(`found '${describe(t)}', expected: ${what}`);
    return t.text;
  };

  while (pos < tokens.length) {
    if (peek().kind === 'not') {
      pos++;
      const key = expectId("identifier after '!'");
      validateKey(key);
      requirements.push({ key, operator: 'doesNotExist' });
    } else {
      const key = expectId('identifier');
      validateKey(key);
      const next = peek();
      if (!next || next.kind === 'comma') {
        requirements.push({ key, operator: 'exists' });
      } else if (next.kind === 'op') {
        pos++;
        if (next.text === '<' || next.text === '>') {
          const raw = expectId('integer value');
          if (!/^-?\d+$/.test(raw))
            fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
          requirements.push({
            key,
            operator: next.text === '>' ? 'gt' : 'lt',
            value: Number(raw),
          });
        } else {
          const t = peek();
          let value = '';
          if (t && t.kind === 'id') {
            value = t.text;
            pos++;
          }
          validateValue(key, value);
          requirements.push({
            key,
            operator: next.text === '!=' ? 'notin' : 'in',
            values: [value],
          });
        }
      } else if (
        next.kind === 'id' &&
        (next.text === 'in' || next.text === 'notin')
      ) {
        pos++;
        if (peek()?.kind !== 'open')
          fail(`found '${describe(peek())}', expected: '('`);
        pos++;
        const values: string[] = [];
        for (;;) {
          const t = peek();
          if (t?.kind === 'id') {
            validateValue(key, t.text);
            values.push(t.text);
            pos++;
          } else if (t?.kind === 'comma' || t?.kind === 'close') {
            // An empty slot is the empty-string value, as in the real parser.
            if (values.length === 0 || tokens[pos - 1].kind === 'comma')
              values.push('');
          } else {
            fail(`found '${describe(t)}', expected: ',', ')' or identifier`);
          }
          const sep = peek();
          if (sep?.kind === 'close') {
            pos++;
            break;
          }
          if (sep?.kind !== 'comma')
            fail(`found '${describe(sep)}', expected: ',' or ')'`);
          pos++;
        }
        requirements.push({
          key,
          operator: next.text === 'in' ? 'in' : 'notin',
          values: Array.from(new Set(values)),
        });
      } else {
        fail(
          `found '${describe(next)}', expected: in, notin, =, ==, !=, gt, lt`,
        );
      }
    }
    const sep = peek();
    if (sep === undefined) break;
    if (sep.kind !== 'comma') fail(`found '${describe(sep)}', expected: ','`);
    pos++;
    if (pos >= tokens.length) fail(`found '', expected: identifier`);
  }

  return {
    requirements,
    empty: requirements.length === 0,
    matches: labels => requirements.every(r => matchRequirement(r, labels)),
  };
}

function describe(t: Token | undefined): string {
  if (!t) return '';
  switch (t.kind) {
    case 'id':
    case 'op':
      return t.text;
    case 'comma':
      return ',';
    case 'open':
      return '(';
    case 'close':
      return ')';
    case 'not':
      return '!';
    default:
      return '';
  }
}
