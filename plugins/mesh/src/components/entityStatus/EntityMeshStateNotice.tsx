import { Box, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  type EntityMeshStatus,
} from '@meshwise/plugin-mesh-common';
import { EntityMeshSummary } from '../../status/summarizeEntityStatus';
import { UnknownNotice } from '../common/UnknownNotice';
import { StaleDataNotice } from './StaleDataNotice';
import { WorkloadSelectionSummary } from './WorkloadSelectionSummary';

const StateExplanation = (props: {
  status: EntityMeshStatus;
  summary: EntityMeshSummary;
}) => {
  const { status, summary } = props;
  switch (summary.state) {
    case 'noSelection':
      return (
        <Alert severity="info">
          <AlertTitle>No workloads selected</AlertTitle>
          Add the <code>{KUBERNETES_ID_ANNOTATION}</code> or{' '}
          <code>{KUBERNETES_LABEL_SELECTOR_ANNOTATION}</code> annotation to this
          entity's catalog-info.yaml (the same ones the Kubernetes plugin uses)
          so Meshwise knows which workloads are this service.
        </Alert>
      );
    case 'noClusters':
      return (
        <Alert severity="info">
          <AlertTitle>No cluster to look in</AlertTitle>
          {status.selection?.cluster ? (
            <>
              This entity names cluster <code>{status.selection.cluster}</code>{' '}
              in <code>{KUBERNETES_CLUSTER_ANNOTATION}</code>, which the portal
              does not read. Fix the annotation or add the cluster to{' '}
              <code>kubernetes.clusterLocatorMethods</code>.
            </>
          ) : (
            <>
              The portal reads no cluster. Configure{' '}
              <code>kubernetes.clusterLocatorMethods</code> in app-config.yaml.
            </>
          )}
        </Alert>
      );
    case 'noWorkloads':
      return (
        <Alert severity="info">
          <AlertTitle>No workloads match these annotations</AlertTitle>
          {status.selection && (
            <WorkloadSelectionSummary selection={status.selection} />
          )}
          <Typography variant="body2">
            Every cluster was read and no pod matched. Check that the pod
            templates carry the label, and the{' '}
            <code>{KUBERNETES_NAMESPACE_ANNOTATION}</code> and{' '}
            <code>{KUBERNETES_CLUSTER_ANNOTATION}</code> annotations if set.
          </Typography>
        </Alert>
      );
    case 'unknown':
      return (
        <Box display="grid" gridGap={8}>
          <Alert severity="warning">
            <AlertTitle>Mesh status unknown</AlertTitle>
            No workloads were found, but some clusters could not be read, so
            this service may well be running there.
          </Alert>
          {summary.unknowns.map((u, i) => (
            <UnknownNotice
              key={i}
              info={u.info}
              what={`Cluster ${u.cluster}`}
            />
          ))}
        </Box>
      );
    case 'notInMesh':
      return (
        <Alert severity="warning">
          <AlertTitle>Not in the mesh</AlertTitle>
          This service's pods run without an Istio proxy and outside ambient
          mode, so they get no mTLS, policy or telemetry from the mesh. Label
          the namespace <code>istio.io/rev=&lt;revision&gt;</code> (sidecar) or{' '}
          <code>istio.io/dataplane-mode=ambient</code>, then restart the
          workloads (seed 002, adopting Istio).
        </Alert>
      );
    default:
      return summary.unknowns.length ? (
        <Box display="grid" gridGap={8}>
          {summary.unknowns.map((u, i) => (
            <UnknownNotice
              key={i}
              info={u.info}
              what={`Part of the status in ${u.cluster}`}
            />
          ))}
        </Box>
      ) : null;
  }
};

/**
 * The explanation for every state but a normal one: each says what is (not)
 * known and what to do, and, first, whether the data is the last known
 * rather than current. Renders nothing for a service in the mesh with
 * everything readable.
 */
export const EntityMeshStateNotice = (props: {
  status: EntityMeshStatus;
  summary: EntityMeshSummary;
}) => (
  <>
    <StaleDataNotice status={props.status} />
    <StateExplanation status={props.status} summary={props.summary} />
  </>
);
