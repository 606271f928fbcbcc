import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { meshPlugin } from '../plugin';
import { MeshHostsField, validateMeshHosts } from './MeshHostsField';
import {
  MeshNamespacePicker,
  validateMeshNamespace,
} from './MeshNamespacePicker';
import {
  MeshServicePicker,
  MeshServicePickerOptions,
  validateMeshService,
} from './MeshServicePicker';

/**
 * The legacy scaffolder's field extensions; an app lists them inside
 * `<ScaffolderFieldExtensions>` under its `/create` route. The names are what
 * templates write as `ui:field`.
 */
export const MeshNamespacePickerFieldExtension = meshPlugin.provide(
  createScaffolderFieldExtension<string>({
    name: 'MeshNamespacePicker',
    component: MeshNamespacePicker,
    validation: validateMeshNamespace,
  }),
);

export const MeshServicePickerFieldExtension = meshPlugin.provide(
  createScaffolderFieldExtension<string, MeshServicePickerOptions>({
    name: 'MeshServicePicker',
    component: MeshServicePicker,
    validation: validateMeshService,
  }),
);

export const MeshHostsFieldExtension = meshPlugin.provide(
  createScaffolderFieldExtension<string[]>({
    name: 'MeshHosts',
    component: MeshHostsField,
    validation: validateMeshHosts,
  }),
);
