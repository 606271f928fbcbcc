import { LabelSelector, LabelSelectorRequirement } from '../types/kube';

/**
 * Kubernetes label-selector semantics: every matchLabels pair and every
 * expression must hold. An empty selector matches everything; callers that
 * give "no selector" a different meaning (Istio's namespace-wide policies,
 * Services without a selector) must handle that before calling.
 */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    if (!matchesRequirement(req, labels)) return false;
  }
  return true;
}

function matchesRequirement(
  req: LabelSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key]);
    case 'NotIn':
      return !has || !values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 &&
      (selector.matchExpressions ?? []).length === 0)
  );
}

/** True when every label in `subset` is in `labels` with the same value (Istio's `SubsetOf`). */
export function isLabelSubset(
  subset: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(subset)) {
    if (labels[k] !== v) return false;
  }
  return true;
}

export class LabelSelectorSyntaxError extends Error {}

/**
 * Parses the string form used by `kubectl -l` and the Backstage
 * `kubernetes-label-selector` annotation: `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma separated.
 * Throws `LabelSelectorSyntaxError` on malformed input.
 */
export function parseLabelSelector(input: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  const text = input.trim();
  let i = 0;
  const skipSpaces = () => {
    while (i < text.length && text[i] === ' ') i++;
  };
  const readToken = () => {
    skipSpaces();
    const start = i;
    while (i < text.length && !' ,=!()'.includes(text[i])) i++;
    return text.slice(start, i);
  };
  while (i < text.length) {
    skipSpaces();
    if (text[i] === '!') {
      i++;
      const key = readToken();
      if (!key)
        throw new LabelSelectorSyntaxError(
          `missing key after "!" in "${input}"`,
        );
      matchExpressions.push({ key, operator: 'DoesNotExist' });
    } else {
      const key = readToken();
      if (!key) throw new LabelSelectorSyntaxError(`missing key in "${input}"`);
      skipSpaces();
      if (
        text.startsWith('==', i) ||
        (text[i] === '=' && text[i + 1] !== '=')
      ) {
        i += text.startsWith('==', i) ? 2 : 1;
        const value = readToken();
        if (matchLabels[key] !== undefined && matchLabels[key] !== value) {
          matchExpressions.push({ key, operator: 'In', values: [value] });
        } else {
          matchLabels[key] = value;
        }
      } else if (text.startsWith('!=', i)) {
        i += 2;
        matchExpressions.push({
          key,
          operator: 'NotIn',
          values: [readToken()],
        });
      } else if (/^(in|notin)\s*\(/.test(text.slice(i))) {
        const operator = text.startsWith('notin', i) ? 'NotIn' : 'In';
        i = text.indexOf('(', i) + 1;
        const close = text.indexOf(')', i);
        if (close < 0)
          throw new LabelSelectorSyntaxError(`missing ")" in "${input}"`);
        const values = text
          .slice(i, close)
          .split(',')
          .map(v => v.trim())
          .filter(v => v.length > 0);
        i = close + 1;
        matchExpressions.push({ key, operator, values });
      } else {
        matchExpressions.push({ key, operator: 'Exists' });
      }
    }
    skipSpaces();
    if (i < text.length) {
      if (text[i] !== ',') {
        throw new LabelSelectorSyntaxError(
          `unexpected "${text[i]}" in "${input}"`,
        );
      }
      i++;
    }
  }
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}

/** The `kubectl -l` form of a selector, for messages. */
export function formatLabelSelector(
  selector: LabelSelector | undefined,
): string {
  if (!selector) return '';
  const parts = Object.entries(selector.matchLabels ?? {}).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
