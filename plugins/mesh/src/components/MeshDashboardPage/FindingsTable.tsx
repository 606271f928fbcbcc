import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type { FleetFinding, FleetQuery } from '@meshwise/plugin-mesh-common';
import { Typography } from '@material-ui/core';
import { useCallback, useMemo } from 'react';
import { meshApiRef } from '../../api';
import { ObjectRefLabel } from '../common/ObjectRefLabel';
import { TruncatedText } from '../common/TruncatedText';
import { SeverityChip } from '../common/StatusChips';
import { FleetTable } from './FleetTable';
import { PagedColumn } from './PagedTable';
import type { UpdateOptions } from './useDashboardUrlState';
import { shortEntityRef } from './shortEntityRef';

function useColumns(): PagedColumn<FleetFinding>[] {
  const entityLink = useEntityRefLink();
  return useMemo(
    () => [
      {
        id: 'severity',
        title: 'Severity',
        sortField: 'severity',
        render: f => <SeverityChip severity={f.severity} />,
      },
      {
        id: 'code',
        title: 'Code',
        sortField: 'code',
        render: f => (
          <Typography variant="body2" component="span">
            <code>{f.code}</code>
            {[f.istioCode, f.kialiCode].filter(Boolean).map(c => (
              <Typography
                key={c}
                variant="caption"
                component="div"
                color="textSecondary"
              >
                {c}
              </Typography>
            ))}
          </Typography>
        ),
      },
      {
        id: 'message',
        title: 'Finding',
        sortField: 'message',
        render: f => (
          <>
            <Typography variant="body2">{f.message}</Typography>
            <Typography variant="caption" color="textSecondary">
              Fix: {f.remediation}
            </Typography>
          </>
        ),
      },
      {
        id: 'object',
        title: 'Object',
        render: f =>
          f.objects[0] ? (
            <ObjectRefLabel objectRef={f.objects[0]} maxWidth="24ch" />
          ) : (
            '—'
          ),
      },
      {
        id: 'where',
        title: 'Cluster · namespace',
        sortField: 'cluster',
        render: f => (
          <TruncatedText
            text={`${f.cluster}${f.namespace ? ` · ${f.namespace}` : ''}`}
            maxWidth="20ch"
          />
        ),
      },
      {
        id: 'team',
        title: 'Team',
        sortField: 'team',
        render: f =>
          f.team ? (
            <TruncatedText text={shortEntityRef(f.team)} maxWidth="16ch" />
          ) : (
            '—'
          ),
      },
      {
        id: 'services',
        title: 'Services',
        render: f =>
          f.entityRefs.length
            ? f.entityRefs.map(ref => (
                <div key={ref}>
                  <Link to={`${entityLink(ref)}/mesh`}>
                    <TruncatedText text={shortEntityRef(ref)} maxWidth="18ch" />
                  </Link>
                </div>
              ))
            : '—',
      },
    ],
    [entityLink],
  );
}

/** Every finding in the fleet, filtered, sorted and paged by the backend. */
export const FindingsTable = (props: {
  query: FleetQuery;
  onChange: (change: Partial<FleetQuery>, options?: UpdateOptions) => void;
}) => {
  const meshApi = useApi(meshApiRef);
  const fetchPage = useCallback(
    (q: FleetQuery) => meshApi.getFindings(q),
    [meshApi],
  );
  const columns = useColumns();
  return (
    <FleetTable
      fetchPage={fetchPage}
      label="Findings"
      columns={columns}
      rowKey={f => f.id}
      query={props.query}
      onChange={props.onChange}
      empty={
        <Typography variant="body2">
          No finding matches these filters. Clear some filters to see more.
        </Typography>
      }
    />
  );
};
