export {
  MeshHostsFieldExtension,
  MeshNamespacePickerFieldExtension,
  MeshServicePickerFieldExtension,
} from './fieldExtensions';
export type { MeshServicePickerOptions } from './MeshServicePicker';
