import { useTheme } from '@material-ui/core';
import { StatusTone, toneColor } from '../common/StatusChip';

/** Tone colours, axis and grid colours from the active Backstage theme (light or dark). */
export function useChartColors() {
  const theme = useTheme();
  return {
    tone: (t: StatusTone) => toneColor(theme, t),
    text: theme.palette.text.secondary,
    grid: theme.palette.divider,
    primary: theme.palette.primary.main,
    tooltip: {
      contentStyle: {
        background: theme.palette.background.paper,
        border: `1px solid ${theme.palette.divider}`,
        color: theme.palette.text.primary,
      },
      itemStyle: { color: theme.palette.text.primary },
      cursor: { fill: theme.palette.action.hover },
    },
  };
}
