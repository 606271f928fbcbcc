import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityMeshStatus } from '@meshwise/plugin-mesh-common';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { meshApiRef } from '../../api';
import {
  EntityMeshSummary,
  summarizeEntityStatus,
} from '../../status/summarizeEntityStatus';

export interface EntityMeshStatusState {
  loading: boolean;
  error?: Error;
  status?: EntityMeshStatus;
  summary?: EntityMeshSummary;
  retry: () => void;
}

/** The current entity's mesh status from the backend, and its summary. */
export function useEntityMeshStatus(): EntityMeshStatusState {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const compoundRef = getCompoundEntityRef(entity);
  const { kind, namespace, name } = compoundRef;
  const result = useAsyncRetry(
    () => meshApi.getEntityStatus({ kind, namespace, name }),
    [meshApi, kind, namespace, name],
  );
  const summary = useMemo(
    () => (result.value ? summarizeEntityStatus(result.value) : undefined),
    [result.value],
  );
  return {
    loading: result.loading,
    error: result.error,
    status: result.value,
    summary,
    retry: result.retry,
  };
}
