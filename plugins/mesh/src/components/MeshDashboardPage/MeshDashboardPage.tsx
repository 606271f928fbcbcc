import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Card, Grid, Tab, Tabs } from '@material-ui/core';
import { memo, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { FleetSummary } from '@meshwise/plugin-mesh-common';
import { meshApiRef } from '../../api';
import { MeshErrorPanel } from '../common/MeshErrorPanel';
import { CertificateExpiryChart } from './CertificateExpiryChart';
import { ClusterSyncTable } from './ClusterSyncTable';
import { EckHealthChart } from './EckHealthChart';
import { FindingsChart } from './FindingsChart';
import { FindingsTable } from './FindingsTable';
import { FleetFilters } from './FleetFilters';
import { FleetKpis } from './FleetKpis';
import { RevisionsChart } from './RevisionsChart';
import { ServicesTable } from './ServicesTable';
import { useDashboardUrlState } from './useDashboardUrlState';
import { useTeamOptions } from './useTeamOptions';

/**
 * The KPIs and charts depend on the fleet summary only. Memoised so that
 * typing in the search box, filtering, sorting and paging (URL state)
 * re-render the table alone, not four charts that measure their containers.
 */
const FleetOverview = memo(({ summary }: { summary: FleetSummary }) => (
  <>
    <Grid item xs={12}>
      <FleetKpis summary={summary} />
    </Grid>
    <Grid item xs={12} md={6} xl={3}>
      <RevisionsChart summary={summary} />
    </Grid>
    <Grid item xs={12} md={6} xl={3}>
      <CertificateExpiryChart summary={summary} />
    </Grid>
    <Grid item xs={12} md={6} xl={3}>
      <EckHealthChart summary={summary} />
    </Grid>
    <Grid item xs={12} md={6} xl={3}>
      <FindingsChart summary={summary} />
    </Grid>
  </>
));

const MemoClusterSyncTable = memo(ClusterSyncTable);

/** The platform team's view of the whole fleet: KPIs, charts, and every service and finding. */
export const MeshDashboardPage = () => {
  const meshApi = useApi(meshApiRef);
  const data = useAsyncRetry(async () => {
    const [summary, clusters] = await Promise.all([
      meshApi.getFleetSummary(),
      meshApi.getClusters(),
    ]);
    return { summary, clusters };
  }, [meshApi]);
  const { tab, query, setTab, update } = useDashboardUrlState();
  const teams = useTeamOptions();
  const summary = data.value?.summary;
  const clusters = data.value?.clusters;

  const options = useMemo(() => {
    const names = new Set<string>();
    const namespaces = new Set<string>();
    for (const c of clusters ?? []) names.add(c.cluster);
    for (const c of summary?.clusters ?? []) {
      names.add(c.cluster);
      for (const r of c.revisions) r.namespaces.forEach(n => namespaces.add(n));
    }
    return {
      clusters: [...names].sort(),
      namespaces: [...namespaces].sort(),
      teams,
    };
  }, [summary, clusters, teams]);

  let body;
  if (data.loading) {
    body = <Progress aria-label="Loading the fleet" />;
  } else if (data.error || !summary || !clusters) {
    body = (
      <MeshErrorPanel
        error={data.error ?? new Error('No data')}
        onRetry={data.retry}
        permission="mesh.fleet.read"
      />
    );
  } else if (clusters.length === 0 && summary.clusters.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No clusters configured"
        description="The mesh backend reads the clusters of kubernetes.clusterLocatorMethods in app-config.yaml. Configure at least one cluster (or start the portal with the demo cluster) and reload."
      />
    );
  } else {
    body = (
      <Grid container spacing={3}>
        <FleetOverview summary={summary} />
        <Grid item xs={12}>
          <Card component="section" aria-label="Services and findings">
            <Tabs
              value={tab}
              onChange={(_, t) => setTab(t)}
              indicatorColor="primary"
              aria-label="Table"
            >
              <Tab
                value="services"
                label="Services"
                id="mesh-tab-services"
                aria-controls="mesh-tabpanel"
              />
              <Tab
                value="findings"
                label={`Findings (${summary.findings.total})`}
                id="mesh-tab-findings"
                aria-controls="mesh-tabpanel"
              />
            </Tabs>
            <Box p={2}>
              <FleetFilters query={query} options={options} onChange={update} />
            </Box>
            <div
              role="tabpanel"
              id="mesh-tabpanel"
              aria-labelledby={`mesh-tab-${tab}`}
            >
              {tab === 'services' ? (
                <ServicesTable query={query} onChange={update} />
              ) : (
                <FindingsTable query={query} onChange={update} />
              )}
            </div>
          </Card>
        </Grid>
        <Grid item xs={12}>
          <MemoClusterSyncTable clusters={clusters} />
        </Grid>
      </Grid>
    );
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
