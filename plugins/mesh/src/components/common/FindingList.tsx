import type { Finding } from '@meshwise/plugin-mesh-common';
import {
  Box,
  Chip,
  List,
  ListItem,
  makeStyles,
  Typography,
} from '@material-ui/core';
import { formatObjectRef } from './ObjectRefLabel';
import { ReferenceLink } from './ReferenceLink';
import { SeverityChip } from './StatusChips';

const useStyles = makeStyles(theme => ({
  item: {
    display: 'block',
    borderBottom: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(1.5, 0),
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  code: { fontFamily: 'monospace' },
  label: { fontWeight: theme.typography.fontWeightMedium as number },
}));

/**
 * Findings with everything needed to act on them: what is wrong, the fix,
 * the reference, and the matching `istioctl analyze` / Kiali code.
 */
export const FindingList = (props: {
  findings: Finding[];
  /** Show only the message line (for the overview card). */
  compact?: boolean;
  'aria-label'?: string;
}) => {
  const classes = useStyles();
  const { findings, compact } = props;
  return (
    <List dense disablePadding aria-label={props['aria-label'] ?? 'Findings'}>
      {findings.map(f => (
        <ListItem key={f.id} className={classes.item} disableGutters>
          <div className={classes.header}>
            <SeverityChip severity={f.severity} />
            <Chip
              size="small"
              label={f.code}
              className={classes.code}
              aria-label={`Code ${f.code}`}
            />
            {f.istioCode && (
              <Chip
                size="small"
                variant="outlined"
                label={f.istioCode}
                className={classes.code}
                aria-label={`istioctl analyze code ${f.istioCode}`}
              />
            )}
            {f.kialiCode && (
              <Chip
                size="small"
                variant="outlined"
                label={f.kialiCode}
                className={classes.code}
                aria-label={`Kiali validation ${f.kialiCode}`}
              />
            )}
          </div>
          <Typography variant="body2">{f.message}</Typography>
          {!compact && (
            <Box mt={0.5}>
              <Typography variant="body2">
                <span className={classes.label}>Fix: </span>
                {f.remediation}
              </Typography>
              <Typography variant="caption" color="textSecondary" component="p">
                {f.objects.length > 0 && (
                  <>
                    Involves {f.objects.map(o => formatObjectRef(o)).join(', ')}
                    .{' '}
                  </>
                )}
                Reference: <ReferenceLink reference={f.reference} />
              </Typography>
            </Box>
          )}
        </ListItem>
      ))}
    </List>
  );
};
