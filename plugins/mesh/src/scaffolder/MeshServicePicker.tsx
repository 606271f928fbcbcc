import { useApiHolder } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import type { OwnedServices, OwnedService } from '@meshwise/plugin-mesh-common';
import { useEffect, useMemo, useState } from 'react';
import { fieldLabels } from './fieldLabels';
import { MeshPickerClient, reasonOf } from './MeshPickerClient';

/** `ui:options` of the service picker (a type, so it fits RJSF's index signature). */
export type MeshServicePickerOptions = {
  /** The form field that holds the namespace; default `namespace`. */
  namespaceField?: string;
};

type Loaded =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'failed'; reason: string }
  | ({ state: 'loaded' } & OwnedServices);

const portsOf = (service: OwnedService) =>
  service.ports
    .map(p => (p.name ? `${p.name} ${p.port}` : String(p.port)))
    .join(', ');

/** One line on the clusters whose Service list is not current. */
export function notCurrentNote(services: OwnedServices): string | undefined {
  if (services.notCurrent.length === 0) return undefined;
  const parts = services.notCurrent.map(n =>
    n.status === 'stale'
      ? `${n.cluster}: last known Services as of ${n.since}`
      : `${n.cluster}: unknown (${n.status}${n.reason ? `: ${n.reason}` : ''})`,
  );
  return `Not current in every cluster — ${parts.join(
    '; ',
  )}. A Service missing here may still exist.`;
}

function listNote(loaded: Loaded, namespace: string | undefined) {
  if (!namespace) return 'Choose the namespace first.';
  if (loaded.state === 'loading')
    return `Loading the Services in ${namespace}…`;
  if (loaded.state === 'failed') {
    return `The Services in ${namespace} could not be loaded: ${loaded.reason}`;
  }
  if (loaded.state !== 'loaded') return undefined;
  const stale = notCurrentNote(loaded);
  if (loaded.items.length === 0) {
    return [`No Service in ${namespace}.`, stale].filter(Boolean).join(' ');
  }
  return stale;
}

/** Services of one name in several clusters are offered once. */
function byName(items: OwnedService[]): OwnedService[][] {
  const groups = new Map<string, OwnedService[]>();
  for (const item of items) {
    groups.set(item.name, [...(groups.get(item.name) ?? []), item]);
  }
  return [...groups.values()];
}

/**
 * `ui:field: MeshServicePicker`: a Kubernetes Service in the namespace the
 * form's namespace field holds (which must be the user's), from the mesh
 * backend's cluster caches; the option shows its ports and clusters.
 */
export function MeshServicePicker(
  props: FieldExtensionComponentProps<string, MeshServicePickerOptions>,
) {
  const { formData, onChange, rawErrors, required, schema, name, idSchema } =
    props;
  const namespaceField =
    props.uiSchema?.['ui:options']?.namespaceField ?? 'namespace';
  const namespace = (
    props.formContext as { formData?: Record<string, unknown> } | undefined
  )?.formData?.[namespaceField];
  const selectedNamespace =
    typeof namespace === 'string' ? namespace : undefined;
  const apis = useApiHolder();
  const client = useMemo(() => MeshPickerClient.fromApis(apis), [apis]);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'idle' });
  useEffect(() => {
    if (!selectedNamespace) {
      setLoaded({ state: 'idle' });
      return undefined;
    }
    let current = true;
    setLoaded({ state: 'loading' });
    client.services(selectedNamespace).then(
      body => current && setLoaded({ state: 'loaded', ...body }),
      error =>
        current && setLoaded({ state: 'failed', reason: reasonOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [client, selectedNamespace]);

  const { label, hint } = fieldLabels(schema, name);
  const options = loaded.state === 'loaded' ? byName(loaded.items) : [];
  const selected = options.find(group => group[0].name === formData) ?? null;
  const note = listNote(loaded, selectedNamespace);
  return (
    <Autocomplete<OwnedService[]>
      id={idSchema?.$id}
      options={options}
      value={selected}
      disabled={!selectedNamespace}
      loading={loaded.state === 'loading'}
      getOptionLabel={group => group[0].name}
      getOptionSelected={(o, v) => o[0].name === v[0].name}
      renderOption={group =>
        `${group[0].name} (ports ${portsOf(group[0])}; ${group
          .map(s => s.cluster)
          .join(', ')})`
      }
      onChange={(_event, value) => onChange(value?.[0].name)}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          required={required}
          margin="normal"
          error={(rawErrors?.length ?? 0) > 0 || loaded.state === 'failed'}
          helperText={[hint, note].filter(Boolean).join(' — ') || undefined}
        />
      )}
    />
  );
}

/**
 * The Service must be one the caches list in that namespace; when a
 * cluster's list is not current, a name it may hold is not refused here
 * (the action and review decide).
 */
export const validateMeshService: CustomFieldValidator<
  string,
  MeshServicePickerOptions
> = async (value, validation, { apiHolder, formData, uiSchema }) => {
  if (!value) return;
  const namespaceField =
    uiSchema?.['ui:options']?.namespaceField ?? 'namespace';
  const namespace = formData[namespaceField];
  if (typeof namespace !== 'string' || !namespace) {
    validation.addError('Choose the namespace before the Service');
    return;
  }
  let services: OwnedServices;
  try {
    services = await MeshPickerClient.fromApis(apiHolder).services(namespace);
  } catch (error) {
    validation.addError(
      `The Services in ${namespace} could not be checked: ${reasonOf(error)}`,
    );
    return;
  }
  if (services.notCurrent.length > 0) return;
  if (!services.items.some(s => s.name === value)) {
    validation.addError(
      `There is no Service ${value} in namespace ${namespace}`,
    );
  }
};
