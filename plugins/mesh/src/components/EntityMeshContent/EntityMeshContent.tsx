import { Content, InfoCard, Progress } from '@backstage/core-components';
import { Grid, Typography } from '@material-ui/core';
import { useReadableTableStyles } from '../common/readableTables';
import { FindingList } from '../common/FindingList';
import { MeshErrorPanel } from '../common/MeshErrorPanel';
import { EntityMeshHistory } from '../MeshHistory/EntityMeshHistory';
import { EntityMeshStateNotice } from '../entityStatus/EntityMeshStateNotice';
import { useEntityMeshStatus } from '../entityStatus/useEntityMeshStatus';
import { VerdictChip } from '../entityStatus/VerdictChip';
import { AuthorizationSection } from './sections/AuthorizationSection';
import { EckSection } from './sections/EckSection';
import { ExposureSection } from './sections/ExposureSection';
import { MtlsSection } from './sections/MtlsSection';
import { NetworkPolicySection } from './sections/NetworkPolicySection';
import { WorkloadsSection } from './sections/WorkloadsSection';

/** The Mesh tab: everything about one service's workloads, and every finding with its fix. */
export const EntityMeshContent = () => {
  const { loading, error, status, summary, retry } = useEntityMeshStatus();
  const tables = useReadableTableStyles();

  if (loading) {
    return (
      <Content>
        <Progress aria-label="Loading mesh status" />
      </Content>
    );
  }
  if (error || !status || !summary) {
    return (
      <Content>
        <MeshErrorPanel
          error={error ?? new Error('No status')}
          onRetry={retry}
        />
      </Content>
    );
  }
  const hasContent =
    summary.state === 'inMesh' || summary.state === 'notInMesh';
  const hasWorkloads = summary.workloadCount > 0;
  return (
    <Content>
      <Grid container spacing={3} className={tables.readable}>
        <Grid item xs={12}>
          {hasContent && <VerdictChip verdict={summary.verdict} />}
          <EntityMeshStateNotice status={status} summary={summary} />
        </Grid>
        {hasWorkloads && (
          <Grid item xs={12}>
            <WorkloadsSection
              clusters={status.clusters}
              podsToRestart={summary.podsToRestart}
            />
          </Grid>
        )}
        {hasWorkloads && (
          <Grid item xs={12}>
            <MtlsSection
              clusters={status.clusters}
              section={summary.sections.mtls}
            />
          </Grid>
        )}
        {hasWorkloads && (
          <Grid item xs={12}>
            <ExposureSection
              clusters={status.clusters}
              exposures={summary.exposures}
              unattached={summary.unattachedExposureFindings}
            />
          </Grid>
        )}
        {hasWorkloads && (
          <Grid item xs={12}>
            <AuthorizationSection
              clusters={status.clusters}
              section={summary.sections.authorization}
            />
          </Grid>
        )}
        {hasWorkloads && (
          <Grid item xs={12}>
            <NetworkPolicySection section={summary.sections.networkPolicy} />
          </Grid>
        )}
        {summary.eck.length > 0 && (
          <Grid item xs={12}>
            <EckSection eck={summary.eck} findings={summary.findings} />
          </Grid>
        )}
        {hasContent && (
          <Grid item xs={12}>
            <InfoCard title={`Findings (${summary.findings.length})`}>
              {summary.findings.length ? (
                <FindingList
                  findings={summary.findings}
                  aria-label="All findings"
                />
              ) : (
                <Typography variant="body2">
                  No findings: every check passed for this service.
                </Typography>
              )}
            </InfoCard>
          </Grid>
        )}
        {hasContent && (
          <Grid item xs={12}>
            <EntityMeshHistory />
          </Grid>
        )}
      </Grid>
    </Content>
  );
};
