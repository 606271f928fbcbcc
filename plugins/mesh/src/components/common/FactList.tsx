import { makeStyles, Typography } from '@material-ui/core';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(7rem, max-content) 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1.5),
    margin: 0,
  },
  term: {
    color: theme.palette.text.secondary,
    fontWeight: theme.typography.fontWeightMedium as number,
    paddingTop: theme.spacing(0.5),
  },
  value: { margin: 0, minWidth: 0 },
}));

const FactRow = (props: {
  term: string;
  children: ReactNode;
  classes: ReturnType<typeof useStyles>;
}) => (
  <>
    <Typography component="dt" variant="body2" className={props.classes.term}>
      {props.term}
    </Typography>
    <dd className={props.classes.value}>{props.children}</dd>
  </>
);

/** Label / value pairs as a description list: scannable and read in order by screen readers. */
export const FactList = (props: {
  facts: { term: string; value: ReactNode }[];
}) => {
  const classes = useStyles();
  return (
    <dl className={classes.list}>
      {props.facts.map(f => (
        <FactRow key={f.term} term={f.term} classes={classes}>
          {f.value}
        </FactRow>
      ))}
    </dl>
  );
};
