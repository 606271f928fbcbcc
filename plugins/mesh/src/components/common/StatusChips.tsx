import type {
  CredentialState,
  DataPlaneMode,
  EckHealth,
  MtlsMode,
  SectionState,
  Severity,
} from '@meshwise/plugin-mesh-common';
import { StatusChip, worseTone } from './StatusChip';
import {
  credentialPresentation,
  dataPlanePresentation,
  eckHealthPresentation,
  mtlsPresentation,
  severityPresentation,
} from './statusTones';
import { formatDays } from './formatNumbers';

/*
 * One chip per status vocabulary, so every view names and colours a value
 * the same way.
 */

export const DataPlaneChip = (props: {
  mode: DataPlaneMode;
  revisions?: string[];
}) => {
  const p = dataPlanePresentation[props.mode];
  const revisions = props.revisions?.length
    ? ` · ${props.revisions.join(', ')}`
    : '';
  return (
    <StatusChip
      tone={p.tone}
      label={`${p.label}${revisions}`}
      title={`Data plane: ${p.label}${
        revisions ? `, revision ${props.revisions!.join(', ')}` : ''
      }`}
    />
  );
};

/**
 * An mTLS mode; `state`, the worst finding about it, darkens the tone (a
 * STRICT that a DestinationRule contradicts is not green).
 */
export const MtlsChip = (props: {
  mode: MtlsMode;
  state?: SectionState;
  /** DISABLE because the pod has no proxy or the port bypasses it: an intended exception. */
  bypassed?: boolean;
}) => {
  const p = props.bypassed
    ? { tone: 'neutral' as const, label: 'Not proxied' }
    : mtlsPresentation[props.mode];
  const tone = props.state ? worseTone(p.tone, props.state) : p.tone;
  const contradicted = tone !== p.tone ? `, contradicted by a finding` : '';
  const why = props.bypassed
    ? ' (no Istio mTLS: the traffic does not pass a proxy)'
    : '';
  return (
    <StatusChip
      tone={tone}
      label={p.label}
      title={`mTLS: ${p.label}${why}${contradicted}`}
    />
  );
};

export const CredentialChip = (props: {
  state: CredentialState;
  daysToExpiry?: number;
}) => {
  const p = credentialPresentation[props.state];
  const days =
    props.daysToExpiry !== undefined &&
    (props.state === 'ready' ||
      props.state === 'expiring' ||
      props.state === 'expired')
      ? ` · ${formatDays(props.daysToExpiry)}`
      : '';
  return (
    <StatusChip
      tone={p.tone}
      label={`${p.label}${days}`}
      title={`Certificate: ${p.label}${days}`}
    />
  );
};

export const EckHealthChip = (props: { health: EckHealth; phase?: string }) => {
  const p = eckHealthPresentation[props.health];
  const phase = props.phase ? ` · ${props.phase}` : '';
  return (
    <StatusChip
      tone={p.tone}
      label={`${p.label}${phase}`}
      title={`Health ${p.label}${props.phase ? `, phase ${props.phase}` : ''}`}
    />
  );
};

export const SeverityChip = (props: { severity: Severity; count?: number }) => {
  const p = severityPresentation[props.severity];
  const label =
    props.count === undefined
      ? p.label
      : `${props.count} ${p.label.toLowerCase()}`;
  return <StatusChip tone={p.tone} label={label} title={`Severity ${label}`} />;
};
