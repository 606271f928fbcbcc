import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  root: {
    display: 'inline-block',
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    verticalAlign: 'bottom',
  },
});

/**
 * A name that must read as one word (a pod, host, namespace/name): never
 * broken across lines, cut with an ellipsis past `maxWidth`, and whole in
 * its tooltip.
 */
export const TruncatedText = (props: {
  text: string;
  /** Monospace, as Kubernetes names are shown elsewhere. */
  code?: boolean;
  /** The widest it may grow before the ellipsis, in any CSS length. */
  maxWidth?: string;
}) => {
  const classes = useStyles();
  const Component = props.code ? 'code' : 'span';
  return (
    <Component
      className={classes.root}
      title={props.text}
      style={props.maxWidth ? { maxWidth: props.maxWidth } : undefined}
    >
      {props.text}
    </Component>
  );
};
