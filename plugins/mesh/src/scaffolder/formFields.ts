import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

// The same fields for the new frontend system's scaffolder, loaded when the
// form needs them. Names match the legacy extensions, so one template works
// in both apps.

export const meshNamespacePickerFormField = FormFieldBlueprint.make({
  name: 'mesh-namespace-picker',
  params: {
    field: () =>
      import('./MeshNamespacePicker').then(m =>
        createFormField({
          name: 'MeshNamespacePicker',
          component: m.MeshNamespacePicker,
          validation: m.validateMeshNamespace,
        }),
      ),
  },
});

export const meshServicePickerFormField = FormFieldBlueprint.make({
  name: 'mesh-service-picker',
  params: {
    field: () =>
      import('./MeshServicePicker').then(m =>
        createFormField({
          name: 'MeshServicePicker',
          component: m.MeshServicePicker,
          validation: m.validateMeshService,
        }),
      ),
  },
});

export const meshHostsFormField = FormFieldBlueprint.make({
  name: 'mesh-hosts',
  params: {
    field: () =>
      import('./MeshHostsField').then(m =>
        createFormField({
          name: 'MeshHosts',
          component: m.MeshHostsField,
          validation: m.validateMeshHosts,
        }),
      ),
  },
});
