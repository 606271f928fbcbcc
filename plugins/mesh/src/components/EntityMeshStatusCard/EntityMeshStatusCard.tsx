import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import type { EckResourceStatus } from '@meshwise/plugin-mesh-common';
import { worstState } from '@meshwise/plugin-mesh-common';
import { Box, Typography } from '@material-ui/core';
import { EntityMeshSummary } from '../../status/summarizeEntityStatus';
import { isOperatorCheck, operatorChecksOf } from '../common/eckOperatorChecks';
import { FactList } from '../common/FactList';
import { FindingList } from '../common/FindingList';
import { StatusChip } from '../common/StatusChip';
import {
  CredentialChip,
  DataPlaneChip,
  EckHealthChip,
  MtlsChip,
  SeverityChip,
} from '../common/StatusChips';
import { MeshErrorPanel } from '../common/MeshErrorPanel';
import { EntityMeshStateNotice } from '../entityStatus/EntityMeshStateNotice';
import { useEntityMeshStatus } from '../entityStatus/useEntityMeshStatus';
import { VerdictChip } from '../entityStatus/VerdictChip';
import { SectionStateChip } from '../EntityMeshContent/sections/SectionState';

const TOP_FINDINGS = 3;

/**
 * No exposure: either nothing routes to the service, or routes name it but
 * reach no Gateway, which is a problem to show rather than "not exposed".
 */
const NotExposed = ({ summary }: { summary: EntityMeshSummary }) => {
  const routes = summary.unattachedExposureFindings;
  if (!routes.length)
    return (
      <Typography variant="body2">Not exposed through a gateway</Typography>
    );
  return (
    <Box aria-label="Routes that reach no Gateway" role="group">
      <SectionStateChip
        state={worstState(routes)}
        findings={routes}
        what="Routes to this service"
      />
      {routes.map(f => (
        <Typography key={f.id} variant="body2" component="div">
          <code>{f.code}</code> {f.message}
        </Typography>
      ))}
    </Box>
  );
};

const CardHeadline = ({ summary }: { summary: EntityMeshSummary }) => (
  <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
    <VerdictChip verdict={summary.verdict} />
    {(['error', 'warning', 'info'] as const)
      .filter(s => summary.findingCounts[s] > 0)
      .map(s => (
        <SeverityChip key={s} severity={s} count={summary.findingCounts[s]} />
      ))}
  </Box>
);

const CardFacts = ({ summary }: { summary: EntityMeshSummary }) => {
  const top = summary.findings.slice(0, TOP_FINDINGS);
  const facts = [
    {
      term: 'Data plane',
      value: (
        <>
          {summary.placements.map(p => (
            <Box key={`${p.cluster}/${p.namespace}`}>
              <Typography variant="body2" component="span">
                {p.cluster} · <code>{p.namespace}</code>{' '}
              </Typography>
              {p.dataPlanes.map(m => (
                <DataPlaneChip
                  key={m}
                  mode={m}
                  revisions={m === 'sidecar' ? p.revisions : undefined}
                />
              ))}
            </Box>
          ))}
          {summary.podsToRestart.length > 0 && (
            <StatusChip
              tone="warning"
              label={`${summary.podsToRestart.length} ${
                summary.podsToRestart.length === 1 ? 'pod' : 'pods'
              } to restart`}
              title={`Restart to pick up the current proxy: ${summary.podsToRestart
                .map(p => p.name)
                .join(', ')}`}
            />
          )}
        </>
      ),
    },
    {
      term: 'mTLS',
      value: (
        <>
          <MtlsChip
            mode={summary.mtls}
            state={summary.sections.mtls.state}
            bypassed={summary.mtlsBypassed}
          />
          <SectionStateChip
            state={summary.sections.mtls.state}
            findings={summary.sections.mtls.findings}
            what="mTLS"
          />
          {summary.mtls === 'mixed' &&
            summary.placements.map(p => (
              <Typography
                key={`${p.cluster}/${p.namespace}`}
                variant="body2"
                component="div"
              >
                {p.cluster} · <code>{p.namespace}</code>: {p.mtls}
              </Typography>
            ))}
        </>
      ),
    },
    {
      term: 'Exposure',
      value: summary.exposures.length ? (
        summary.exposures.map(e => (
          <Box key={e.key} mb={0.5}>
            <Typography variant="body2" component="div">
              <code>{e.entry.hosts.join(', ')}</code> via{' '}
              {e.entry.gateway.namespace}/{e.entry.gateway.name} (
              {e.entry.tlsMode === 'none' ? 'plaintext' : e.entry.tlsMode})
            </Typography>
            {e.credentialState && (
              <CredentialChip
                state={e.credentialState}
                daysToExpiry={e.daysToExpiry}
              />
            )}
            <SectionStateChip
              state={e.state}
              findings={e.findings}
              what={`Exposure of ${e.entry.hosts.join(', ')}`}
            />
          </Box>
        ))
      ) : (
        <NotExposed summary={summary} />
      ),
    },
  ];
  if (summary.eck.length) {
    facts.push({
      term: 'Elastic (ECK)',
      value: (
        <>
          {operatorFailures(summary.eck).map(({ cluster, failing }) => (
            <Box key={`${cluster}/operator`}>
              <Typography variant="body2" component="span">
                ECK operator · {cluster}{' '}
              </Typography>
              <StatusChip
                tone="error"
                label={`${failing} Istio ${
                  failing === 1 ? 'check' : 'checks'
                } failing`}
              />
            </Box>
          ))}
          {summary.eck.map(({ cluster, resource }) => {
            const failing = resource.checks.filter(
              c => c.state === 'fail' && !isOperatorCheck(c),
            );
            return (
              <Box key={`${cluster}/${resource.kind}/${resource.ref.name}`}>
                <Typography variant="body2" component="span">
                  {resource.kind} <code>{resource.ref.name}</code>{' '}
                </Typography>
                <EckHealthChip
                  health={resource.health}
                  phase={resource.phase}
                />
                {failing.length > 0 && (
                  <StatusChip
                    tone="error"
                    label={`${failing.length} Istio ${
                      failing.length === 1 ? 'check' : 'checks'
                    } failing`}
                  />
                )}
              </Box>
            );
          })}
        </>
      ),
    });
  }
  facts.push({
    term: 'Findings',
    value: top.length ? (
      <>
        <FindingList findings={top} compact aria-label="Most severe findings" />
        {summary.findings.length > top.length && (
          <Typography variant="caption" color="textSecondary">
            and {summary.findings.length - top.length} more in Mesh details
          </Typography>
        )}
      </>
    ) : (
      <Typography variant="body2">None</Typography>
    ),
  });
  return <FactList facts={facts} />;
};

/** Failing operator checks per cluster, counted once (not once per Elastic resource). */
function operatorFailures(
  eck: { cluster: string; resource: EckResourceStatus }[],
): { cluster: string; failing: number }[] {
  const clusters = [...new Set(eck.map(e => e.cluster))];
  return clusters
    .map(cluster => ({
      cluster,
      failing: operatorChecksOf(
        eck.filter(e => e.cluster === cluster).map(e => e.resource),
      ).filter(c => c.state === 'fail').length,
    }))
    .filter(o => o.failing > 0);
}

/**
 * "Is this service healthy in the mesh?" in one look: data plane, mTLS,
 * exposure and certificates, ECK, and the most severe findings.
 */
export const EntityMeshStatusCard = () => {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const { loading, error, status, summary, retry } = useEntityMeshStatus();
  const tabLink = `${entityLink(entity)}/mesh`;

  let body;
  if (loading) {
    body = <Progress aria-label="Loading mesh status" />;
  } else if (error) {
    body = <MeshErrorPanel error={error} onRetry={retry} />;
  } else if (status && summary) {
    const hasContent =
      summary.state === 'inMesh' || summary.state === 'notInMesh';
    body = (
      <>
        {hasContent && <CardHeadline summary={summary} />}
        <EntityMeshStateNotice status={status} summary={summary} />
        {hasContent && <CardFacts summary={summary} />}
      </>
    );
  }

  return (
    <InfoCard
      title="Service mesh"
      variant="gridItem"
      deepLink={{ title: 'Mesh details', link: tabLink }}
    >
      {body}
    </InfoCard>
  );
};
