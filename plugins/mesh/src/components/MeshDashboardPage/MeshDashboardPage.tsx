import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  Card,
  Grid,
  Tab,
  Tabs,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { memo, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  FleetQuery,
  FleetSummary,
  summarizeFleet,
} from '@meshwise/plugin-mesh-common';
import { meshApiRef } from '../../api';
import { MeshErrorPanel } from '../common/MeshErrorPanel';
import { FleetTrends } from '../MeshHistory/FleetTrends';
import { useReadableTableStyles } from '../common/readableTables';
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
import { useNamespaceOptions, useTabCounts } from './useFleetFacets';

type Scope = Pick<FleetQuery, 'cluster'>;

/**
 * The KPIs and charts depend on the summary of the clusters in scope only.
 * Memoised so that typing in the search box, sorting and paging (URL state)
 * re-render the table alone, not four charts that measure their containers.
 */
const FleetOverview = memo(
  ({ summary, scope }: { summary: FleetSummary; scope: Scope }) => (
    <>
      <Grid item xs={12}>
        <FleetKpis summary={summary} scope={scope} />
      </Grid>
      <Grid item xs={12} md={6} xl={3}>
        <RevisionsChart summary={summary} scope={scope} />
      </Grid>
      <Grid item xs={12} md={6} xl={3}>
        <CertificateExpiryChart summary={summary} scope={scope} />
      </Grid>
      <Grid item xs={12} md={6} xl={3}>
        <EckHealthChart summary={summary} scope={scope} />
      </Grid>
      <Grid item xs={12} md={6} xl={3}>
        <FindingsChart summary={summary} scope={scope} />
      </Grid>
    </>
  ),
);

/**
 * The summary of the clusters the cluster filter selects (the fleet without
 * one). The summary has no per-team or per-namespace figures, so those
 * filters narrow the lists only, and the scope line says so.
 */
export function scopedSummary(
  summary: FleetSummary,
  clusters: string[] | undefined,
): FleetSummary {
  if (!clusters?.length) return summary;
  return summarizeFleet(
    summary.clusters.filter(c => clusters.includes(c.cluster)),
    new Date(summary.generatedAt),
  );
}

/** Which part of the fleet the KPIs and charts count, in words. */
export function describeScope(query: FleetQuery): string {
  const where = query.cluster?.length
    ? `Figures for ${
        query.cluster.length === 1 ? 'cluster' : 'clusters'
      } ${query.cluster.join(', ')}`
    : 'Figures for the whole fleet';
  const listOnly = (
    [
      ['team', query.team],
      ['namespace', query.namespace],
      ['severity', query.severity],
      ['code', query.code],
      ['search', query.search ? [query.search] : undefined],
    ] as const
  )
    .filter(([, v]) => v?.length)
    .map(([name]) => name);
  return listOnly.length
    ? `${where}; the ${listOnly.join(', ')} ${
        listOnly.length === 1 ? 'filter applies' : 'filters apply'
      } to the lists below only.`
    : `${where}.`;
}

const MemoClusterSyncTable = memo(ClusterSyncTable);
// Trends follow the cluster scope only, like the charts above them.
const MemoFleetTrends = memo(FleetTrends);
// The lists re-render for their own query only, not when the tab counts arrive.
const MemoServicesTable = memo(ServicesTable);
const MemoFindingsTable = memo(FindingsTable);
const MemoFleetFilters = memo(FleetFilters);

const withCount = (label: string, count: number | undefined) =>
  count === undefined ? label : `${label} (${count})`;

/**
 * The platform team's view of the whole fleet: KPIs, charts, and every
 * service and finding. `header={false}` leaves the page header to the app:
 * the new frontend system's page layout already shows the plugin's title.
 */
export const MeshDashboardPage = ({ header = true }: { header?: boolean }) => {
  const meshApi = useApi(meshApiRef);
  const data = useAsyncRetry(async () => {
    const [summary, clusters] = await Promise.all([
      meshApi.getFleetSummary(),
      meshApi.getClusters(),
    ]);
    return { summary, clusters };
  }, [meshApi]);
  const { tab, query, problems, setTab, update, dropInvalid } =
    useDashboardUrlState();
  const teams = useTeamOptions();
  const tables = useReadableTableStyles();
  const summary = data.value?.summary;
  const clusters = data.value?.clusters;
  const namespaces = useNamespaceOptions(summary);
  const counts = useTabCounts(query);

  const options = useMemo(() => {
    const names = new Set<string>();
    for (const c of clusters ?? []) names.add(c.cluster);
    for (const c of summary?.clusters ?? []) names.add(c.cluster);
    const teamNames: Record<string, string> = {};
    for (const t of teams) if (t.displayName) teamNames[t.ref] = t.displayName;
    return {
      clusters: [...names].sort(),
      namespaces,
      teams: teams.map(t => t.ref),
      teamNames,
    };
  }, [summary, clusters, teams, namespaces]);

  const clusterKey = (query.cluster ?? []).join('\n');
  const scope = useMemo<Scope>(
    () => (clusterKey ? { cluster: clusterKey.split('\n') } : {}),
    [clusterKey],
  );
  const inScope = useMemo(
    () => summary && scopedSummary(summary, scope.cluster),
    [summary, scope],
  );

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
      <Grid container spacing={3} className={tables.readable}>
        {problems.length > 0 && (
          <Grid item xs={12}>
            <Alert
              severity="warning"
              role="alert"
              action={
                <Button color="inherit" size="small" onClick={dropInvalid}>
                  Remove them
                </Button>
              }
            >
              <Typography variant="body2" component="p">
                This link has parameters the dashboard cannot use; it shows the
                view without them:
              </Typography>
              <ul aria-label="Invalid parameters" style={{ margin: 0 }}>
                {problems.map(p => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          <Typography
            variant="body2"
            color="textSecondary"
            aria-live="polite"
            data-testid="mesh-scope"
          >
            {describeScope(query)}
          </Typography>
        </Grid>
        <FleetOverview summary={inScope ?? summary} scope={scope} />
        <Grid item xs={12}>
          <MemoFleetTrends clusters={scope.cluster} />
        </Grid>
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
                label={withCount('Services', counts.services)}
                id="mesh-tab-services"
                aria-controls="mesh-tabpanel"
              />
              <Tab
                value="findings"
                label={withCount('Findings', counts.findings)}
                id="mesh-tab-findings"
                aria-controls="mesh-tabpanel"
              />
            </Tabs>
            <Box p={2}>
              <MemoFleetFilters
                query={query}
                options={options}
                onChange={update}
              />
            </Box>
            <div
              role="tabpanel"
              id="mesh-tabpanel"
              aria-labelledby={`mesh-tab-${tab}`}
            >
              {tab === 'services' ? (
                <MemoServicesTable query={query} onChange={update} />
              ) : (
                <MemoFindingsTable query={query} onChange={update} />
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

  if (!header) return <Content>{body}</Content>;
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
