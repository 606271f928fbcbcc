import type { ObjectRef } from '@meshwise/plugin-mesh-common';
import { TruncatedText } from './TruncatedText';

/** `Kind namespace/name`, the way kubectl users read an object. */
export function formatObjectRef(ref: ObjectRef, withKind = true): string {
  const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return withKind ? `${ref.kind} ${name}` : name;
}

export const ObjectRefLabel = (props: {
  objectRef: ObjectRef;
  withKind?: boolean;
  /** Past this width the name is cut with an ellipsis (whole in the tooltip). */
  maxWidth?: string;
}) => {
  const { objectRef, withKind = true } = props;
  return (
    <span
      title={`${formatObjectRef(objectRef)} (${
        objectRef.apiVersion
      }) in cluster ${objectRef.cluster}`}
    >
      {withKind && <>{objectRef.kind} </>}
      <TruncatedText
        code
        text={formatObjectRef(objectRef, false)}
        maxWidth={props.maxWidth}
      />
    </span>
  );
};
