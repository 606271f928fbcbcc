export { MeshDashboardPage } from './MeshDashboardPage';
