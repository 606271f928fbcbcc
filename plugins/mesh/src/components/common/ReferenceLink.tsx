import { Link } from '@backstage/core-components';
import type { FindingReference } from '@meshwise/plugin-mesh-common';

/**
 * Upstream documentation opens as a link; a seed document (the source texts
 * the checks are built from) is cited by title and file name.
 */
export const ReferenceLink = (props: { reference: FindingReference }) => {
  const { reference } = props;
  if ('url' in reference) {
    return <Link to={reference.url}>{reference.title}</Link>;
  }
  return (
    <span title={`Seed document ${reference.seed}`}>
      {reference.title} (seed {reference.seed.slice(0, 3)})
    </span>
  );
};
