import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { meshApiRef } from '../../api';
import { ClusterStateTable } from '../ClusterStateTable';

/** The platform team's view of the whole fleet. */
export const MeshDashboardPage = () => {
  const meshApi = useApi(meshApiRef);
  const clusters = useAsync(() => meshApi.getClusters(), [meshApi]);

  let body;
  if (clusters.loading) {
    body = <Progress />;
  } else if (clusters.error) {
    body = <ResponseErrorPanel error={clusters.error} />;
  } else if (!clusters.value?.length) {
    body = (
      <EmptyState
        missing="data"
        title="No clusters configured"
        description="Configure kubernetes.clusterLocatorMethods in app-config.yaml; the README shows how."
      />
    );
  } else {
    body = <ClusterStateTable clusters={clusters.value} />;
  }

  return (
    <Page themeId="tool">
      <Header
        title="Service mesh"
        subtitle="Istio, ECK and cert-manager across the fleet"
      />
      <Content>{body}</Content>
    </Page>
  );
};
