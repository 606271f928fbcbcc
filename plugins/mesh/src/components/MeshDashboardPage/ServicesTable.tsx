import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type { FleetQuery, ServiceRow } from '@meshwise/plugin-mesh-common';
import { Typography } from '@material-ui/core';
import { useCallback, useMemo } from 'react';
import { meshApiRef } from '../../api';
import { StatusChip } from '../common/StatusChip';
import { TruncatedText } from '../common/TruncatedText';
import {
  CredentialChip,
  DataPlaneChip,
  EckHealthChip,
  MtlsChip,
  SeverityChip,
} from '../common/StatusChips';
import { FleetTable } from './FleetTable';
import { PagedColumn } from './PagedTable';
import type { UpdateOptions } from './useDashboardUrlState';
import { shortEntityRef } from './shortEntityRef';

function useColumns(): PagedColumn<ServiceRow>[] {
  const entityLink = useEntityRefLink();
  return useMemo(
    () => [
      {
        id: 'service',
        title: 'Service',
        sortField: 'entityRef',
        render: row => (
          <>
            <Link to={`${entityLink(row.entityRef)}/mesh`}>
              <TruncatedText
                text={row.title ?? shortEntityRef(row.entityRef)}
                maxWidth="18ch"
              />
            </Link>
            {row.unknownReason && (
              <StatusChip
                tone="unknown"
                label="Partly unknown"
                title={row.unknownReason}
              />
            )}
          </>
        ),
      },
      {
        id: 'owner',
        title: 'Team',
        sortField: 'owner',
        render: row =>
          row.owner ? (
            <TruncatedText text={shortEntityRef(row.owner)} maxWidth="12ch" />
          ) : (
            '—'
          ),
      },
      {
        id: 'where',
        title: 'Cluster · namespace',
        render: row => (
          <Typography variant="body2">
            <TruncatedText
              text={`${row.clusters.join(', ')} · ${row.namespaces.join(', ')}`}
              maxWidth="16ch"
            />
          </Typography>
        ),
      },
      {
        id: 'dataPlane',
        title: 'Data plane',
        sortField: 'dataPlane',
        render: row => (
          <DataPlaneChip
            mode={row.dataPlane}
            revisions={row.dataPlane === 'sidecar' ? row.revisions : undefined}
          />
        ),
      },
      {
        id: 'mtls',
        title: 'mTLS',
        sortField: 'mtls',
        render: row => <MtlsChip mode={row.mtls} />,
      },
      {
        id: 'exposure',
        title: 'Exposure',
        render: row =>
          row.exposedHosts.length ? (
            <>
              {/* Worst host first, so the one shown is the one to look at. */}
              <Typography variant="body2" title={row.exposedHosts.join(', ')}>
                <TruncatedText text={row.exposedHosts[0]} maxWidth="18ch" />
                {row.exposedHosts.length > 1
                  ? ` +${row.exposedHosts.length - 1}`
                  : ''}
              </Typography>
              {row.worstHost &&
                (row.worstHost.state === 'error' ||
                  row.worstHost.state === 'warning') && (
                  <SeverityChip severity={row.worstHost.state} />
                )}
              {row.certificate && (
                <>
                  {row.certificate.host &&
                    row.certificate.host !== row.exposedHosts[0] && (
                      <Typography variant="caption" component="div">
                        Certificate of{' '}
                        <TruncatedText
                          text={row.certificate.host}
                          maxWidth="18ch"
                        />
                      </Typography>
                    )}
                  <CredentialChip
                    state={row.certificate.state}
                    daysToExpiry={row.certificate.daysToExpiry}
                  />
                </>
              )}
            </>
          ) : (
            '—'
          ),
      },
      {
        id: 'eck',
        title: 'ECK',
        sortField: 'eckHealth',
        render: row =>
          row.eckHealth ? <EckHealthChip health={row.eckHealth} /> : '—',
      },
      {
        id: 'pods',
        title: 'Pods',
        sortField: 'pods',
        descendingFirst: true,
        align: 'right',
        render: row => row.pods,
      },
      {
        id: 'findings',
        title: 'Findings',
        sortField: 'findings',
        descendingFirst: true,
        render: row => {
          const chips = (['error', 'warning', 'info'] as const)
            .filter(s => row.findings[s] > 0)
            .map(s => (
              <SeverityChip key={s} severity={s} count={row.findings[s]} />
            ));
          return chips.length ? chips : <StatusChip tone="ok" label="None" />;
        },
      },
    ],
    [entityLink],
  );
}

/** Every service in the fleet, filtered, sorted and paged by the backend. */
export const ServicesTable = (props: {
  query: FleetQuery;
  onChange: (change: Partial<FleetQuery>, options?: UpdateOptions) => void;
}) => {
  const meshApi = useApi(meshApiRef);
  const fetchPage = useCallback(
    (q: FleetQuery) => meshApi.getServices(q),
    [meshApi],
  );
  const columns = useColumns();
  return (
    <FleetTable
      fetchPage={fetchPage}
      label="Services"
      columns={columns}
      rowKey={r => r.entityRef}
      query={props.query}
      onChange={props.onChange}
      empty={
        <Typography variant="body2">
          No service matches these filters. Clear some filters, or annotate
          catalog entities with <code>backstage.io/kubernetes-id</code> so they
          appear here.
        </Typography>
      }
    />
  );
};
