import { notAcceptable } from './KubeStatusError';

/** How a response is represented, from the `Accept` header. */
export type Representation =
  | { as: 'object' }
  | { as: 'Table'; apiVersion: string }
  | { as: 'PartialObjectMetadata'; apiVersion: string };

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map(part => part.trim())
    .filter(part => part !== '')
    .map(part => {
      const [type, ...rawParams] = part.split(';').map(s => s.trim());
      const params: Record<string, string> = {};
      for (const p of rawParams) {
        const eq = p.indexOf('=');
        if (eq > 0) params[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
      }
      return { type: type.toLowerCase(), params };
    });
}

const SERVED = [
  'application/json',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io',
];

/**
 * Picks the first media range the emulator can serve, in the client's order (clients
 * list their preference first and plain JSON as the fallback). Protobuf and YAML are
 * not served; if nothing else is acceptable the answer is 406.
 */
export function negotiate(accept: string | undefined): Representation {
  if (!accept || accept.trim() === '') return { as: 'object' };
  for (const range of parseAccept(accept)) {
    if (range.type === '*/*' || range.type === 'application/*')
      return { as: 'object' };
    if (range.type !== 'application/json') continue;
    const as = range.params.as;
    if (as === undefined) return { as: 'object' };
    const group = range.params.g;
    const version = range.params.v;
    if (group !== 'meta.k8s.io' || (version !== 'v1' && version !== 'v1beta1'))
      continue;
    if (as === 'Table')
      return { as: 'Table', apiVersion: `meta.k8s.io/${version}` };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') {
      return {
        as: 'PartialObjectMetadata',
        apiVersion: `meta.k8s.io/${version}`,
      };
    }
  }
  throw notAcceptable(SERVED);
}
