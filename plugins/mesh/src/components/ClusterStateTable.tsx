import {
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { MeshClusterState } from '../api';

const columns: TableColumn<MeshClusterState>[] = [
  { title: 'Cluster', field: 'name', render: row => row.title ?? row.name },
  {
    title: 'Kubernetes API',
    field: 'reachable',
    render: row =>
      row.reachable ? (
        <StatusOK>reachable</StatusOK>
      ) : (
        <StatusError>unknown: {row.reason ?? 'unreachable'}</StatusError>
      ),
  },
  { title: 'Version', field: 'version', emptyValue: '—' },
];

/** The clusters the mesh backend reads, and whether it can reach them. */
export const ClusterStateTable = (props: { clusters: MeshClusterState[] }) => (
  <Table
    title="Clusters"
    options={{ paging: false, search: false, padding: 'dense' }}
    columns={columns}
    data={props.clusters}
  />
);
