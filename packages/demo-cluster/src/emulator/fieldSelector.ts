import { SelectorParseError } from './labelSelector';

/**
 * Field selectors in the string form of `?fieldSelector=`: comma-separated
 * `field=value`, `field==value`, `field!=value`, with `\` escaping `\`, `,` and `=`.
 */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
  empty: boolean;
  /** Checks an object, reading each field through `valueOf`. */
  matches(valueOf: (field: string) => string): boolean;
}

/** Splits on unescaped `sep`, keeping escapes for the next stage. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length) {
      current += c + input[i + 1];
      i++;
    } else if (c === ',') {
      terms.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  terms.push(current);
  return terms;
}

function unescape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const n = text[i + 1];
      if (n === '\\' || n === ',' || n === '=') {
        out += n;
        i++;
        continue;
      }
      throw new SelectorParseError(
        `invalid field selector: invalid escape sequence: \\${n ?? ''}`,
      );
    }
    out += c;
  }
  return out;
}

function parseTerm(term: string): FieldRequirement {
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '!' && term[i + 1] === '=') {
      return {
        field: unescape(term.slice(0, i)),
        operator: '!=',
        value: unescape(term.slice(i + 2)),
      };
    }
    if (c === '=') {
      const skip = term[i + 1] === '=' ? 2 : 1;
      return {
        field: unescape(term.slice(0, i)),
        operator: '=',
        value: unescape(term.slice(i + skip)),
      };
    }
  }
  throw new SelectorParseError(
    `invalid selector: '${term}'; can't understand '${term}'`,
  );
}

/** Parses a field selector string; throws `SelectorParseError` on bad syntax. */
export function parseFieldSelector(
  input: string | undefined | null,
): FieldSelector {
  const text = (input ?? '').trim();
  const requirements =
    text === '' ? [] : splitTerms(text).map(t => parseTerm(t.trim()));
  return {
    requirements,
    empty: requirements.length === 0,
    matches: valueOf =>
      requirements.every(r =>
        r.operator === '='
          ? valueOf(r.field) === r.value
          : valueOf(r.field) !== r.value,
      ),
  };
}
