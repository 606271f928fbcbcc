import type { ObjectRef } from '@meshwise/plugin-mesh-common';

/** `Kind namespace/name`, the way kubectl users read an object. */
export function formatObjectRef(ref: ObjectRef, withKind = true): string {
  const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return withKind ? `${ref.kind} ${name}` : name;
}

export const ObjectRefLabel = (props: {
  objectRef: ObjectRef;
  withKind?: boolean;
}) => {
  const { objectRef, withKind = true } = props;
  return (
    <span title={`${objectRef.apiVersion} in cluster ${objectRef.cluster}`}>
      {withKind && <>{objectRef.kind} </>}
      <code>
        {objectRef.namespace ? `${objectRef.namespace}/` : ''}
        {objectRef.name}
      </code>
    </span>
  );
};
