import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { Button } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';

/** What the reader can do about a failed request, by its status code. */
export function adviceForError(
  error: Error,
  permission = 'mesh.status.read',
): { title: string; advice: string } {
  const code = error instanceof ResponseError ? error.statusCode : undefined;
  switch (code) {
    case 401:
      return {
        title: 'Not signed in',
        advice:
          'Sign in again; the mesh backend needs your Backstage identity.',
      };
    case 403:
      return {
        title: 'Access denied',
        advice: `You may not read this (permission ${permission}). Ask a platform admin for access.`,
      };
    case 404:
      return {
        title: 'Not known to the mesh backend',
        advice:
          'The mesh backend does not know this entity yet. If it was registered just now, try again in a minute.',
      };
    default:
      break;
  }
  if (code !== undefined) {
    // The backend answered: say what it said failed, not that it was silent.
    const said =
      error instanceof ResponseError
        ? error.body?.error?.message || error.message
        : error.message;
    return {
      title: `The mesh backend failed (${code})`,
      advice: `${said}${
        /[.!?]$/.test(said) ? '' : '.'
      } The request reached the backend, which reported this error; its log has the details. Try again, and if it persists report it to the portal's operators.`,
    };
  }
  return {
    title: 'Mesh status unavailable',
    advice:
      'The mesh backend did not answer. Check that @meshwise/plugin-mesh-backend is installed in the backend and running, then try again.',
  };
}

/** A failed status request: what happened, what to do, and a retry. */
export const MeshErrorPanel = (props: {
  error: Error;
  onRetry?: () => void;
  /** The permission a 403 means the reader lacks. */
  permission?: string;
}) => {
  const { title, advice } = adviceForError(props.error, props.permission);
  return (
    <>
      <Alert
        severity="error"
        action={
          props.onRetry && (
            <Button color="inherit" size="small" onClick={props.onRetry}>
              Retry
            </Button>
          )
        }
      >
        <AlertTitle>{title}</AlertTitle>
        {advice}
      </Alert>
      <ResponseErrorPanel error={props.error} title={props.error.message} />
    </>
  );
};
