import type { Finding, SectionState } from '@meshwise/plugin-mesh-common';
import { Box, Typography } from '@material-ui/core';
import { FindingList } from '../../common/FindingList';
import { StatusChip } from '../../common/StatusChip';
import { severityPresentation } from '../../common/statusTones';

/** The codes of these findings, once each, in their order. */
function codesOf(findings: readonly Finding[]): string {
  return [...new Set(findings.map(f => f.code))].join(', ');
}

/**
 * The worst state of a part of the page, with the codes that make it so;
 * nothing when no error or warning is about it.
 */
export const SectionStateChip = (props: {
  state: SectionState;
  findings: readonly Finding[];
  /** What the state is of, for screen readers ("Exposure of status.appk8s.com"). */
  what: string;
}) => {
  const { state, findings, what } = props;
  if (state !== 'error' && state !== 'warning') return null;
  const shown = findings.filter(f => f.severity === state);
  const p = severityPresentation[state];
  return (
    <StatusChip
      tone={p.tone}
      label={`${p.label} · ${codesOf(shown)}`}
      title={`${what}: ${p.label.toLowerCase()}: ${shown
        .map(f => f.message)
        .join(' ')}`}
    />
  );
};

/**
 * A section's findings above its details, so that the reason for its state
 * is next to it and not only in the list at the bottom of the page.
 */
export const SectionFindings = (props: {
  findings: Finding[];
  /** Names the list for screen readers and tests. */
  label: string;
}) =>
  props.findings.length ? (
    <Box mb={2}>
      <FindingList findings={props.findings} compact aria-label={props.label} />
    </Box>
  ) : null;

/** A line saying a section has no finding, so that silence is not read as unknown. */
export const NoSectionFindings = (props: { children: string }) => (
  <Typography variant="body2" color="textSecondary">
    {props.children}
  </Typography>
);
