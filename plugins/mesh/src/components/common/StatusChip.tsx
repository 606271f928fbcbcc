import { Chip, makeStyles, Theme } from '@material-ui/core';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import InfoIcon from '@material-ui/icons/Info';
import RemoveCircleIcon from '@material-ui/icons/RemoveCircle';
import WarningIcon from '@material-ui/icons/Warning';
import type { SectionState } from '@meshwise/plugin-mesh-common';
import { ReactNode } from 'react';

/** How a value should read at a glance; every tone has its own icon, never colour alone. */
export type StatusTone =
  | 'ok'
  | 'warning'
  | 'error'
  | 'info'
  | 'unknown'
  | 'neutral';

const icons = {
  ok: CheckCircleIcon,
  warning: WarningIcon,
  error: ErrorIcon,
  info: InfoIcon,
  unknown: HelpIcon,
  neutral: RemoveCircleIcon,
};

/** The Backstage theme's status colours, which are tuned for light and dark. */
export function toneColor(theme: Theme, tone: StatusTone): string {
  const status = (theme.palette as { status?: Record<string, string> }).status;
  switch (tone) {
    case 'ok':
      return status?.ok ?? theme.palette.success.main;
    case 'warning':
      return status?.warning ?? theme.palette.warning.main;
    case 'error':
      return status?.error ?? theme.palette.error.main;
    case 'info':
      return status?.running ?? theme.palette.info.main;
    default:
      return theme.palette.text.secondary;
  }
}

const TONES: StatusTone[] = [
  'ok',
  'warning',
  'error',
  'info',
  'unknown',
  'neutral',
];

// Static classes per tone: a dashboard page holds hundreds of chips, and
// prop-dependent JSS styles would create a style sheet for each of them.
const useStyles = makeStyles(theme => ({
  chip: {
    // The label keeps the text colour (readable on both themes); the tone
    // shows in the border and icon.
    color: theme.palette.text.primary,
    maxWidth: '100%',
    margin: theme.spacing(0.25, 0.5, 0.25, 0),
  },
  ...Object.fromEntries(
    TONES.map(tone => [
      tone,
      {
        borderColor: toneColor(theme, tone),
        '& $icon': { color: toneColor(theme, tone) },
      },
    ]),
  ),
  icon: {},
}));

export interface StatusChipProps {
  tone: StatusTone;
  label: ReactNode;
  /** Longer explanation, shown on hover and read by screen readers. */
  title?: string;
  size?: 'small' | 'medium';
}

/** A status value as icon + text, coloured by tone. */
export const StatusChip = (props: StatusChipProps) => {
  const { tone, label, title, size = 'small' } = props;
  const classes = useStyles() as Record<StatusTone | 'chip' | 'icon', string>;
  const Icon = icons[tone];
  // A native title rather than MUI's Tooltip: cheap enough for a page of rows.
  return (
    <Chip
      variant="outlined"
      size={size}
      className={`${classes.chip} ${classes[tone]}`}
      icon={<Icon className={classes.icon} aria-hidden />}
      label={label}
      title={title}
      aria-label={title}
      data-tone={tone}
    />
  );
};

const TONE_RANK: Record<StatusTone, number> = {
  error: 0,
  warning: 1,
  unknown: 2,
  info: 3,
  neutral: 4,
  ok: 5,
};

/**
 * A value's own tone, made worse by the findings about its objects: a
 * STRICT that a DestinationRule breaks is not green. Info findings are
 * notes, not faults, and leave the tone alone.
 */
export function worseTone(tone: StatusTone, state: SectionState): StatusTone {
  if (state !== 'error' && state !== 'warning') return tone;
  return TONE_RANK[state] < TONE_RANK[tone] ? state : tone;
}
