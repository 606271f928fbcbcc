import type { UnknownInfo } from '@meshwise/plugin-mesh-common';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  adviceForUnknown,
  isDeliberateUnknown,
  unknownReasonLabel,
} from './adviceForUnknown';

/**
 * An unknown value with its reason and what to do. Shown where the value
 * would be, so missing data never passes for healthy.
 */
export const UnknownNotice = (props: { info: UnknownInfo; what?: string }) => {
  const { info, what } = props;
  return (
    <Alert
      // Not reading a kind by choice is no fault: shown as information.
      severity={isDeliberateUnknown(info.reason) ? 'info' : 'warning'}
      variant="outlined"
      role="status"
    >
      <AlertTitle>
        {what ? `${what}: unknown` : 'Unknown'} (
        {unknownReasonLabel(info.reason)})
      </AlertTitle>
      {info.message}
      <br />
      {adviceForUnknown(info)}
    </Alert>
  );
};
