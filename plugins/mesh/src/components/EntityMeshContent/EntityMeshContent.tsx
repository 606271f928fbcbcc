import { Content, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Grid } from '@material-ui/core';
import { WorkloadSelectionSummary } from '../WorkloadSelectionSummary';

/** The Mesh tab: the detailed view of one service. */
export const EntityMeshContent = () => {
  const { entity } = useEntity();
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Workloads">
            <WorkloadSelectionSummary entity={entity} />
          </InfoCard>
        </Grid>
      </Grid>
    </Content>
  );
};
