import { Entity } from '@backstage/catalog-model';
import { Typography } from '@material-ui/core';
import { workloadSelectionForEntity } from '@meshwise/plugin-mesh-common';

/** Says, in words, which workloads the entity's annotations select. */
export const WorkloadSelectionSummary = (props: { entity: Entity }) => {
  const selection = workloadSelectionForEntity(props.entity);
  if (!selection) {
    return (
      <Typography variant="body2">
        This entity has no <code>backstage.io/kubernetes-id</code> or{' '}
        <code>backstage.io/kubernetes-label-selector</code> annotation, so it
        maps to no workloads.
      </Typography>
    );
  }
  return (
    <Typography variant="body2">
      Workloads matching <code>{selection.labelSelector}</code>
      {selection.namespace ? (
        <>
          {' '}
          in namespace <code>{selection.namespace}</code>
        </>
      ) : (
        ' in every namespace'
      )}
      {selection.cluster ? (
        <>
          {' '}
          on cluster <code>{selection.cluster}</code>
        </>
      ) : (
        ' on every cluster'
      )}
      .
    </Typography>
  );
};
