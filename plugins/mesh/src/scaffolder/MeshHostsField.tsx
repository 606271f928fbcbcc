import { useApiHolder } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { developerHostProblem } from '@meshwise/plugin-mesh-common';
import { useEffect, useMemo, useState } from 'react';
import { fieldLabels } from './fieldLabels';
import { MeshPickerClient, reasonOf } from './MeshPickerClient';

type Rules =
  | { state: 'loading' }
  | { state: 'failed'; reason: string }
  | { state: 'loaded'; allowedDomains: string[] };

/** The hosts typed one per line; blank lines are not hosts. */
export function hostsOfText(text: string): string[] {
  return text
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean);
}

/**
 * The problems of a developer's hosts by mesh-common's rules, one line each,
 * the same words the action would refuse with.
 */
export function hostProblems(
  hosts: readonly string[],
  allowedDomains: readonly string[],
): string[] {
  return hosts.flatMap(host => {
    const problem = developerHostProblem(host, allowedDomains);
    return problem ? [problem] : [];
  });
}

/**
 * `ui:field: MeshHosts` on an array of strings: the hosts to expose, one per
 * line, checked as they are typed against the host rules the actions apply
 * (syntax, no wildcard, inside `mesh.scaffolder.allowedDomains`). Hosts
 * other teams' Gateways already serve are left to the action, which reads
 * the clusters.
 */
export function MeshHostsField(props: FieldExtensionComponentProps<string[]>) {
  const { formData, onChange, rawErrors, required, schema, name, idSchema } =
    props;
  const apis = useApiHolder();
  const client = useMemo(() => MeshPickerClient.fromApis(apis), [apis]);
  const [rules, setRules] = useState<Rules>({ state: 'loading' });
  // The text as typed (a trailing newline included), not re-derived from the array.
  const [text, setText] = useState((formData ?? []).join('\n'));
  useEffect(() => {
    let current = true;
    client.hostRules().then(
      body => current && setRules({ state: 'loaded', ...body }),
      error =>
        current && setRules({ state: 'failed', reason: reasonOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [client]);

  const { label, hint } = fieldLabels(schema, name);
  const problems =
    rules.state === 'loaded'
      ? hostProblems(hostsOfText(text), rules.allowedDomains)
      : [];
  let note: string | undefined;
  if (rules.state === 'failed') {
    note = `The allowed domains could not be loaded: ${rules.reason}`;
  } else if (rules.state === 'loaded') {
    note = rules.allowedDomains.length
      ? `One host per line, inside ${rules.allowedDomains.join(
          ', ',
        )}; no wildcards.`
      : 'No domain is open to developers (mesh.scaffolder.allowedDomains is empty), so every host is refused.';
  }
  return (
    <TextField
      id={idSchema?.$id}
      label={label}
      required={required}
      multiline
      minRows={2}
      fullWidth
      margin="normal"
      value={text}
      onChange={event => {
        setText(event.target.value);
        onChange(hostsOfText(event.target.value));
      }}
      error={problems.length > 0 || (rawErrors?.length ?? 0) > 0}
      helperText={
        problems.length > 0
          ? problems.join(' · ')
          : [hint, note].filter(Boolean).join(' — ') || undefined
      }
    />
  );
}

/** Run when the step is submitted: the same rules, so Next refuses what the action would. */
export const validateMeshHosts: CustomFieldValidator<string[]> = async (
  value,
  validation,
  { apiHolder },
) => {
  const hosts = Array.isArray(value) ? value : [];
  if (hosts.length === 0) return;
  let allowedDomains: string[];
  try {
    ({ allowedDomains } = await MeshPickerClient.fromApis(
      apiHolder,
    ).hostRules());
  } catch (error) {
    validation.addError(`The hosts could not be checked: ${reasonOf(error)}`);
    return;
  }
  for (const problem of hostProblems(hosts, allowedDomains)) {
    validation.addError(problem);
  }
};
