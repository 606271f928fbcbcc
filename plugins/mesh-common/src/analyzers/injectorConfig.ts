import { Kinds } from '../kinds';
import { KubeObject, ObjectRef } from '../types/kube';
import { at, str } from '../util/safe';
import { AnalysisContext } from './AnalysisContext';
import { DEFAULT_REVISION } from './istioConventions';

/** What Meshwise reads from a revision's sidecar injector configuration. */
export interface InjectorConfig {
  /** The ConfigMap `istio-sidecar-injector[-<rev>]` in the root namespace. */
  ref: ObjectRef;
  /**
   * The proxy image the injector puts into new pods: `global.proxy.image`
   * when it is a full reference (contains a `/`), else
   * `<global.hub>/<global.proxy.image>:<global.tag>`, as the injection
   * template builds it. Unset when `values` does not say.
   */
  proxyImage?: string;
  /** `sidecarInjectorWebhook.enableNamespacesByDefault`: unlabelled namespaces are injected. */
  enableNamespacesByDefault: boolean;
}

/** The injector ConfigMap of a revision: `istio-sidecar-injector`, `-<rev>` for a named one. */
export function injectorConfigMapName(revision: string): string {
  return revision === '' || revision === DEFAULT_REVISION
    ? 'istio-sidecar-injector'
    : `istio-sidecar-injector-${revision}`;
}

// Parsed once per ConfigMap object (objects in the view are immutable);
// `values` runs to tens of kilobytes and is read for every workload.
const parsed = new WeakMap<KubeObject, unknown>();

function parseValues(cm: KubeObject): unknown {
  if (parsed.has(cm)) return parsed.get(cm);
  const text = str(cm, 'data', 'values');
  let values: unknown;
  try {
    values = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    values = undefined; // unreadable values say nothing
  }
  parsed.set(cm, values);
  return values;
}

function proxyImageOf(values: unknown): string | undefined {
  const image = str(values, 'global', 'proxy', 'image');
  if (!image) return undefined;
  if (image.includes('/')) return image;
  const hub = str(values, 'global', 'hub');
  const tag = at(values, 'global', 'tag');
  const tagText =
    typeof tag === 'string' || typeof tag === 'number' ? String(tag) : '';
  return hub && tagText ? `${hub}/${image}:${tagText}` : undefined;
}

/**
 * The injector configuration of a revision (a revision name, not a tag: a
 * tag has no injector of its own), from the `values` JSON istiod's chart
 * writes into its ConfigMap; `undefined` when the ConfigMap is not there.
 */
export function injectorConfig(
  ctx: AnalysisContext,
  revision: string,
): InjectorConfig | undefined {
  const cm = ctx.view.get(
    Kinds.ConfigMap,
    ctx.config.rootNamespace,
    injectorConfigMapName(revision),
  );
  if (!cm) return undefined;
  const values = parseValues(cm);
  const proxyImage = proxyImageOf(values);
  return {
    ref: ctx.ref(cm, Kinds.ConfigMap),
    ...(proxyImage ? { proxyImage } : {}),
    enableNamespacesByDefault:
      at(values, 'sidecarInjectorWebhook', 'enableNamespacesByDefault') ===
      true,
  };
}
