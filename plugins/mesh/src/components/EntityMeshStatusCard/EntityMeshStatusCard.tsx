import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { List, ListItem, ListItemText } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { meshApiRef } from '../../api';
import { WorkloadSelectionSummary } from '../WorkloadSelectionSummary';

/** The service's mesh status at a glance, for the entity overview. */
export const EntityMeshStatusCard = () => {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const clusters = useAsync(() => meshApi.getClusters(), [meshApi]);

  return (
    <InfoCard title="Service mesh" variant="gridItem">
      <WorkloadSelectionSummary entity={entity} />
      {clusters.loading && <Progress />}
      {clusters.error && <ResponseErrorPanel error={clusters.error} />}
      {clusters.value && (
        <List dense aria-label="Clusters">
          {clusters.value.map(cluster => (
            <ListItem key={cluster.name}>
              <ListItemText
                primary={cluster.title ?? cluster.name}
                secondary={
                  cluster.reachable
                    ? `reachable, Kubernetes ${
                        cluster.version ?? 'version unknown'
                      }`
                    : `unknown: ${cluster.reason ?? 'unreachable'}`
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
};
