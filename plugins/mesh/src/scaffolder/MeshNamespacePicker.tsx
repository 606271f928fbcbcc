import { useApiHolder } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import type { OwnedNamespace } from '@meshwise/plugin-mesh-common';
import { useEffect, useMemo, useState } from 'react';
import { fieldLabels } from './fieldLabels';
import { MeshPickerClient, reasonOf } from './MeshPickerClient';

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; reason: string }
  | { state: 'loaded'; items: OwnedNamespace[]; catalogReadAt: string | null };

/** Why the list is what it is, when that needs saying. */
function listNote(loaded: Loaded): string | undefined {
  if (loaded.state === 'loading')
    return 'Loading the namespaces your teams own…';
  if (loaded.state === 'failed') {
    return `Your namespaces could not be loaded: ${loaded.reason}`;
  }
  if (loaded.catalogReadAt === null) {
    return 'The mesh backend has not read the catalog yet, so it cannot tell which namespaces are yours; try again in a minute.';
  }
  if (loaded.items.length === 0) {
    return 'Your teams own no namespace in the catalog (a Resource of type kubernetes-namespace whose owner is your team).';
  }
  return undefined;
}

/**
 * `ui:field: MeshNamespacePicker`: a namespace the signed-in user's teams own,
 * as the mesh backend reads the catalog (the rule the actions apply).
 */
export function MeshNamespacePicker(
  props: FieldExtensionComponentProps<string>,
) {
  const { formData, onChange, rawErrors, required, schema, name, idSchema } =
    props;
  const apis = useApiHolder();
  const client = useMemo(() => MeshPickerClient.fromApis(apis), [apis]);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    client.namespaces().then(
      body => current && setLoaded({ state: 'loaded', ...body }),
      error =>
        current && setLoaded({ state: 'failed', reason: reasonOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [client]);

  const { label, hint } = fieldLabels(schema, name);
  const options = loaded.state === 'loaded' ? loaded.items : [];
  const selected = options.find(o => o.namespace === formData) ?? null;
  const note = listNote(loaded);
  const hasErrors = (rawErrors?.length ?? 0) > 0;
  return (
    <Autocomplete<OwnedNamespace>
      id={idSchema?.$id}
      options={options}
      value={selected}
      loading={loaded.state === 'loading'}
      getOptionLabel={o => o.namespace}
      getOptionSelected={(o, v) => o.namespace === v.namespace}
      renderOption={o => `${o.namespace} (owned by ${o.owner})`}
      onChange={(_event, value) => onChange(value?.namespace)}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          required={required}
          margin="normal"
          error={hasErrors || loaded.state === 'failed'}
          helperText={[hint, note].filter(Boolean).join(' — ') || undefined}
        />
      )}
    />
  );
}

/** The namespace must be one the user's teams own: the action refuses any other. */
export const validateMeshNamespace: CustomFieldValidator<string> = async (
  value,
  validation,
  { apiHolder },
) => {
  if (!value) return;
  let owned: OwnedNamespace[];
  try {
    owned = (await MeshPickerClient.fromApis(apiHolder).namespaces()).items;
  } catch (error) {
    validation.addError(
      `Whether ${value} is yours could not be checked: ${reasonOf(error)}`,
    );
    return;
  }
  if (!owned.some(n => n.namespace === value)) {
    validation.addError(
      `Namespace ${value} is not owned by your teams in the catalog; choose one of yours`,
    );
  }
};
