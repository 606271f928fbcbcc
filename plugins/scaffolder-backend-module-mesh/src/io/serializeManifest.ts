import { Document, Scalar, Schema, visit } from 'yaml';
import type { Manifest } from '../domain/Manifest';

/**
 * How YAML 1.1 (the `yaml-1.1` schema) and YAML 1.2 (the `core` schema)
 * readers type an unquoted scalar: each implicit tag other than string, with
 * the pattern it claims (bool, null, int in base 2, 8, 10 or 16 or
 * sexagesimal, float, timestamp; and `<<`, the 1.1 merge key, as a key). The
 * `yaml` package reads a plain scalar with exactly these.
 */
const NOT_A_STRING = [
  new Schema({ schema: 'yaml-1.1' }),
  new Schema({ schema: 'core' }),
].flatMap(schema =>
  schema.tags.flatMap(tag =>
    tag.default && tag.test && tag.tag !== 'tag:yaml.org,2002:str'
      ? [{ pattern: tag.test, keyOnly: tag.default === 'key' }]
      : [],
  ),
);

/**
 * YAML 1.1 types other readers resolve and the `yaml` package does not
 * (https://yaml.org/type/): the spec's float pattern, which takes more than
 * one dot ("8.17.0"), and the value key "=" (PyYAML's safe loader fails on
 * it).
 */
const NOT_A_STRING_ELSEWHERE = [
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?$/,
  /^=$/,
];

/** Whether a YAML 1.1 or 1.2 reader would read `text`, unquoted, as something other than that string. */
export function readsAsNonString(text: string, asKey = false): boolean {
  return (
    NOT_A_STRING.some(
      ({ pattern, keyOnly }) => (asKey || !keyOnly) && pattern.test(text),
    ) || NOT_A_STRING_ELSEWHERE.some(pattern => pattern.test(text))
  );
}

/**
 * Line breaks in YAML 1.1 or 1.2 (1.1 also breaks lines at NEL, LS and PS). A
 * string with one is always double-quoted, with the break escaped: the
 * writer's block scalars do not give every such string back (" \n" reads
 * back as "\n"), and a plain one would be folded.
 */
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;

/** YAML's escapes for the line breaks the writer leaves raw in double quotes. */
const ESCAPED_BREAKS: Record<string, string> = {
  '\u0085': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/**
 * YAML for one manifest that every reader gets back unchanged. Kubernetes
 * tooling reads YAML with 1.1 rules ("yes", "on", "0777", "12:30" are not
 * strings), newer readers with 1.2 rules ("0o777" is a number): a string
 * either would read as something else is double-quoted, as is every string
 * with a line break. The writer quotes what would not even parse as one plain
 * scalar (indicators, `: `, ` #`, blanks at either end).
 */
export function serializeManifest(manifest: Manifest): string {
  // Written with the 1.2 core schema: the 1.1 schema would take the string
  // "<<" for a merge key and write it bare, whatever its node says.
  const doc = new Document(manifest, {
    version: '1.2',
    aliasDuplicateObjects: false,
  });
  visit(doc, {
    Scalar(key, node) {
      if (
        typeof node.value === 'string' &&
        (LINE_BREAK.test(node.value) ||
          readsAsNonString(node.value, key === 'key'))
      ) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return (
    doc
      .toString({
        lineWidth: 0,
        // One line per quoted string: the writer's multi-line form of a long
        // double-quoted string mangles some ("…[\n \n]…" gains a backslash).
        doubleQuotedMinMultiLineLength: Number.POSITIVE_INFINITY,
      })
      // Only double-quoted strings can hold these (LINE_BREAK), and there an
      // escape means the same character to every reader.
      .replace(/[\u0085\u2028\u2029]/g, c => ESCAPED_BREAKS[c])
  );
}
