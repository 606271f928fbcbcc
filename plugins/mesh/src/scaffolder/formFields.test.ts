import meshPlugin from '../alpha';
import {
  meshHostsFormField,
  meshNamespacePickerFormField,
  meshServicePickerFormField,
} from './formFields';

describe('the form fields of the new frontend system', () => {
  it.each([
    ['mesh-namespace-picker', meshNamespacePickerFormField],
    ['mesh-service-picker', meshServicePickerFormField],
    ['mesh-hosts', meshHostsFormField],
  ] as const)('%s is an extension of the mesh plugin', (name, definition) => {
    expect(definition).toMatchObject({ kind: 'scaffolder-form-field', name });
    expect(
      meshPlugin.getExtension(`scaffolder-form-field:mesh/${name}`),
    ).toMatchObject({ kind: 'scaffolder-form-field', name });
  });
});
