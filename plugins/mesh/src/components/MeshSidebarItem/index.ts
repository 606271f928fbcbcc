export { MeshSidebarItem } from './MeshSidebarItem';
