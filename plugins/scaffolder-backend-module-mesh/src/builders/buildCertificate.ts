import type { ICertificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import { InputError } from '@backstage/errors';
import { managedMetadata } from './managedLabels';

export interface CertificateInput {
  name: string;
  namespace: string;
  /** Must equal the Gateway's `credentialName` (seed 003). */
  secretName: string;
  hosts: string[];
  issuerRef: { name: string; kind: string; group: string };
}

/** X.509 limits the subject common name to 64 characters (RFC 5280 ub-common-name). */
const MAX_COMMON_NAME = 64;

/**
 * A cert-manager `Certificate` whose Secret is the gateway credential. The
 * hosts become `dnsNames`; the first host is also the `commonName` when it
 * fits, as in seed 003 (cert-manager rejects longer common names, and SANs
 * are what clients verify anyway).
 */
export function buildCertificate(input: CertificateInput): ICertificate {
  if (input.hosts.length === 0) {
    throw new InputError('a Certificate needs at least one host');
  }
  if (input.hosts.includes('*')) {
    throw new InputError(
      'host "*" cannot be put in a certificate; name the hosts or use a "*.<domain>" wildcard',
    );
  }
  const [first] = input.hosts;
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: managedMetadata(input),
    spec: {
      secretName: input.secretName,
      issuerRef: { ...input.issuerRef },
      ...(first.length <= MAX_COMMON_NAME ? { commonName: first } : {}),
      dnsNames: [...input.hosts],
    },
  };
}
