import { Typography } from '@material-ui/core';
import type { WorkloadSelection } from '@meshwise/plugin-mesh-common';

/** Says, in words, which workloads the entity's annotations select. */
export const WorkloadSelectionSummary = (props: {
  selection: WorkloadSelection;
}) => {
  const { selection } = props;
  return (
    <Typography variant="body2">
      Workloads labelled <code>{selection.labelSelector}</code>
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
