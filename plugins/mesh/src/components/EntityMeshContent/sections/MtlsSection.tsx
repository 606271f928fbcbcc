import { InfoCard } from '@backstage/core-components';
import type {
  ChainLink,
  DestinationRuleTls,
  EntityClusterStatus,
} from '@meshwise/plugin-mesh-common';
import {
  findingsAbout,
  isProxyBypass,
  worstState,
} from '@meshwise/plugin-mesh-common';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { formatObjectRef, ObjectRefLabel } from '../../common/ObjectRefLabel';
import { MtlsChip } from '../../common/StatusChips';
import { UnknownNotice } from '../../common/UnknownNotice';
import { useReadableTableStyles } from '../../common/readableTables';
import { TruncatedText } from '../../common/TruncatedText';
import { SectionSummary } from '../../../status/summarizeEntityStatus';
import { SectionFindings, SectionStateChip } from './SectionState';

const levelLabels: Record<ChainLink['level'], string> = {
  default: 'Istio default',
  mesh: 'Mesh-wide',
  namespace: 'Namespace',
  workload: 'Workload',
  port: 'Port',
  dataPlane: 'Data plane',
  destinationRule: 'DestinationRule',
};

/** How the effective mode came about, most general first (PeerAuthentication precedence). */
export const MtlsChain = (props: { chain: ChainLink[] }) => (
  <ol
    aria-label="How this mode was decided"
    style={{ margin: 0, paddingLeft: 20 }}
  >
    {props.chain.map((link, i) => (
      <li key={i}>
        <Typography variant="body2" component="span">
          {levelLabels[link.level]}: {link.effect}
          {link.ref && (
            <>
              {' '}
              ({link.ref.kind}{' '}
              <TruncatedText
                code
                text={formatObjectRef(link.ref, false)}
                maxWidth="28ch"
              />
              )
            </>
          )}
        </Typography>
      </li>
    ))}
  </ol>
);

/** One line per Service and rule: what clients of that Service are told to send. */
export interface DestinationRuleLine {
  key: string;
  service?: string;
  rule: string;
  mode: DestinationRuleTls['mode'];
  scope: string;
  servicePorts: number[];
}

/**
 * A port's DestinationRules as lines a reader can scan: the same rule matched
 * through several service ports (or listed once per port-level setting with
 * the same mode) is one line, labelled by the Service it was matched for.
 */
export function destinationRuleLines(
  rules: DestinationRuleTls[],
): DestinationRuleLine[] {
  const lines = new Map<string, DestinationRuleLine>();
  for (const dr of rules) {
    const rule = formatObjectRef(dr.ref, false);
    const key = [dr.service ?? dr.host, rule, dr.mode, dr.scope].join('|');
    const line = lines.get(key) ?? {
      key,
      service: dr.service,
      rule,
      mode: dr.mode,
      scope: dr.scope,
      servicePorts: [],
    };
    if (
      dr.servicePort !== undefined &&
      !line.servicePorts.includes(dr.servicePort)
    ) {
      line.servicePorts.push(dr.servicePort);
    }
    lines.set(key, line);
  }
  return [...lines.values()].sort(
    (a, b) =>
      (a.service ?? '').localeCompare(b.service ?? '') ||
      a.rule.localeCompare(b.rule) ||
      a.mode.localeCompare(b.mode),
  );
}

const DestinationRuleLines = (props: { rules: DestinationRuleTls[] }) => {
  const lines = destinationRuleLines(props.rules);
  if (lines.length === 0) {
    return <Typography variant="body2">None (auto mTLS)</Typography>;
  }
  return (
    <ul
      aria-label="DestinationRules by Service"
      style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}
    >
      {lines.map(l => (
        <li key={l.key}>
          <Typography variant="body2" component="span">
            {l.service ? (
              <>
                Service <TruncatedText code text={l.service} maxWidth="20ch" />
                {l.servicePorts.length ? `:${l.servicePorts.join(', ')}` : ''}
                {' → '}
              </>
            ) : null}
            <TruncatedText code text={l.rule} maxWidth="28ch" />{' '}
            <strong>{l.mode}</strong> ({l.scope})
          </Typography>
        </li>
      ))}
    </ul>
  );
};

/**
 * Effective inbound mTLS per workload port, with the objects that produced
 * it; a mode that mTLS findings contradict (a DestinationRule sending
 * plaintext to a STRICT port, MW201) takes their colour and names them.
 */
export const MtlsSection = (props: {
  clusters: EntityClusterStatus[];
  /** The mTLS findings of the service. */
  section: SectionSummary;
}) => {
  const tables = useReadableTableStyles();
  const workloads = props.clusters.flatMap(c =>
    c.workloads.map(w => ({ cluster: c.cluster, w })),
  );
  const { section } = props;
  return (
    <InfoCard title="mTLS">
      <Box data-testid="mtls-state" data-state={section.state}>
        <SectionFindings findings={section.findings} label="mTLS findings" />
      </Box>
      {workloads.map(({ cluster, w }) => {
        const about = findingsAbout(section.findings, [w.workload]);
        const state = worstState(about);
        return (
          <Box key={`${cluster}/${w.namespace}/${w.workload.name}`} mb={3}>
            <Typography variant="subtitle2" component="h3">
              <ObjectRefLabel objectRef={w.workload} /> · {cluster}{' '}
              <MtlsChip
                mode={w.mtls.mode}
                state={state}
                bypassed={
                  w.mtls.ports.length
                    ? w.mtls.ports.every(p => isProxyBypass(p.mode, p.chain))
                    : isProxyBypass(w.mtls.mode, w.mtls.chain)
                }
              />
              <SectionStateChip
                state={state}
                findings={about}
                what={`mTLS of ${w.workload.name}`}
              />
            </Typography>
            {w.mtls.unknown && (
              <UnknownNotice info={w.mtls.unknown} what="mTLS" />
            )}
            {w.mtls.ports.length === 0 ? (
              <MtlsChain chain={w.mtls.chain} />
            ) : (
              <Table
                size="small"
                aria-label={`mTLS per port of ${w.workload.name}`}
                className={tables.stacked}
              >
                <TableHead>
                  <TableRow>
                    <TableCell>Port</TableCell>
                    <TableCell>Mode</TableCell>
                    <TableCell>Why</TableCell>
                    <TableCell>DestinationRules toward it</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {w.mtls.ports.map(p => (
                    <TableRow key={p.port}>
                      <TableCell data-label="Port">
                        {p.port}
                        {p.name ? ` (${p.name})` : ''}
                        {p.servicePorts.map(sp => (
                          <Typography
                            key={`${sp.service}:${sp.port}`}
                            variant="caption"
                            component="p"
                            color="textSecondary"
                          >
                            Service{' '}
                            <TruncatedText
                              text={`${sp.service}:${sp.port}`}
                              maxWidth="20ch"
                            />
                          </Typography>
                        ))}
                      </TableCell>
                      <TableCell data-label="Mode">
                        <MtlsChip
                          mode={p.mode}
                          state={state}
                          bypassed={isProxyBypass(p.mode, p.chain)}
                        />
                      </TableCell>
                      <TableCell data-label="Why">
                        <MtlsChain chain={p.chain} />
                      </TableCell>
                      <TableCell data-label="DestinationRules">
                        <DestinationRuleLines rules={p.destinationRules} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {w.mtls.destinationRulesUnknown && (
              <UnknownNotice
                info={w.mtls.destinationRulesUnknown}
                what="DestinationRules"
              />
            )}
          </Box>
        );
      })}
    </InfoCard>
  );
};
