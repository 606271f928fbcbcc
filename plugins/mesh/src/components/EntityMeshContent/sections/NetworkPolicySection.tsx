import { InfoCard } from '@backstage/core-components';
import { Box } from '@material-ui/core';
import { SectionSummary } from '../../../status/summarizeEntityStatus';
import {
  NoSectionFindings,
  SectionFindings,
  SectionStateChip,
} from './SectionState';

/**
 * NetworkPolicy findings of the service (MW701: policies that keep the
 * ingress gateway out of an exposed service), with their worst state.
 */
export const NetworkPolicySection = (props: { section: SectionSummary }) => (
  <InfoCard title="Network policy">
    <Box data-testid="network-policy-state" data-state={props.section.state}>
      <SectionStateChip
        state={props.section.state}
        findings={props.section.findings}
        what="Network policy"
      />
      {props.section.findings.length ? (
        <SectionFindings
          findings={props.section.findings}
          label="Network policy findings"
        />
      ) : (
        <NoSectionFindings>
          No NetworkPolicy finding is about this service.
        </NoSectionFindings>
      )}
    </Box>
  </InfoCard>
);
