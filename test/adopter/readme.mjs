// The steps of README.md's "Use it in your portal", read from the README
// itself: each code block that follows an `<!-- adopter-test: NAME -->`
// marker. The adopter test runs these blocks, so the README cannot drift
// from what is tested.
import { readFileSync } from 'node:fs';
import { isMap, isSeq, parse, parseDocument } from 'yaml';

/** The code block after `<!-- adopter-test: name -->` in the README. */
export function readmeBlock(readmePath, name) {
  const text = readFileSync(readmePath, 'utf8');
  const marker = `<!-- adopter-test: ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const match = /```(\w*)\n([\s\S]*?)```/.exec(text.slice(at + marker.length));
  if (!match) throw new Error(`README.md has no code block after ${marker}`);
  return { language: match[1], code: match[2] };
}

/** The commands of a sh block: its lines, less comments and blank lines. */
export function shellCommands(code) {
  return code
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
}

/** The statements of a ts block that are not comments. */
export function codeLines(code) {
  return code
    .split('\n')
    .filter(line => line.trim() && !line.trim().startsWith('//'));
}

/**
 * Merges a README YAML block into an app-config document the way the README
 * asks ("add to the keys that are there"): maps merge key by key, lists are
 * extended, anything else (an empty key, a scalar) is replaced. The file's
 * comments and the rest of its layout are kept.
 */
export function mergeAppConfig(configText, snippetText) {
  const doc = parseDocument(configText);
  const snippet = parse(snippetText);
  const mergeInto = (path, value) => {
    const existing = doc.getIn(path, true);
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      isMap(existing)
    ) {
      for (const [key, child] of Object.entries(value))
        mergeInto([...path, key], child);
    } else if (Array.isArray(value) && isSeq(existing)) {
      for (const item of value) existing.add(doc.createNode(item));
    } else {
      doc.setIn(path, doc.createNode(value));
    }
  };
  for (const [key, value] of Object.entries(snippet)) mergeInto([key], value);
  return doc.toString({ flowCollectionPadding: false });
}
