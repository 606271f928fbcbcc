import { makeStyles } from '@material-ui/core';

/** Below this viewport width, tables marked `stacked` show one block per row. */
export const STACK_BELOW_PX = 1100;

/**
 * Tables that read at laptop widths. The Backstage theme lets table cells
 * break words anywhere (`word-break: break-word`), which turns a narrow
 * column into "Ser vice" and "P o d s"; here words stay whole (names that
 * must not break use TruncatedText), headers stay on one line, and a
 * `stacked` table becomes one labelled block per row on narrow screens
 * (each cell names its column in `data-label`).
 */
export const useReadableTableStyles = makeStyles(theme => ({
  /** On a container: every table, description list and cell inside it. */
  readable: {
    '& td, & th, & dd, & dt': {
      wordBreak: 'normal',
      overflowWrap: 'normal',
    },
    // The theme's 20px/16px cell padding costs a column's width across nine.
    '& td, & th': {
      paddingLeft: theme.spacing(1),
      paddingRight: theme.spacing(1),
    },
    '& th': { whiteSpace: 'nowrap' },
  },
  /** On a Table whose cells carry `data-label`. */
  stacked: {
    [`@media (max-width: ${STACK_BELOW_PX - 0.05}px)`]: {
      display: 'block',
      '& thead': {
        position: 'absolute',
        width: 1,
        height: 1,
        overflow: 'hidden',
        clip: 'rect(0 0 0 0)',
        whiteSpace: 'nowrap',
      },
      '& tbody, & tr': { display: 'block' },
      '& tr': {
        borderBottom: `1px solid ${theme.palette.divider}`,
        padding: theme.spacing(1, 0),
      },
      '& td': {
        display: 'block',
        position: 'relative',
        borderBottom: 0,
        padding: theme.spacing(0.5, 1, 0.5, 0),
        paddingLeft: '10.5rem',
        minHeight: '1.75rem',
        textAlign: 'left',
      },
      '& td[data-label]::before': {
        content: 'attr(data-label)',
        position: 'absolute',
        left: 0,
        width: '9.5rem',
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        color: theme.palette.text.secondary,
        fontWeight: theme.typography.fontWeightMedium as number,
      },
      '& td[colspan]': { paddingLeft: 0 },
    },
  },
}));
