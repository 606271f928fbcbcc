import type { Config } from '@backstage/config';
import { defaultMeshScaffolderConfig } from './readMeshScaffolderConfig';

/**
 * One sentence per `mesh.scaffolder` setting a portal has not made, saying
 * what the mesh actions will do without it. The defaults keep the actions
 * safe (nothing is opened to developers, nobody is a mesh admin), but a new
 * portal otherwise only learns that from refused requests.
 */
export function missingScaffolderSettings(config: Config): string[] {
  const scaffolder = config.getOptionalConfig('mesh.scaffolder');
  const missing: string[] = [];
  if (!scaffolder?.getOptionalStringArray('allowedDomains')?.length) {
    missing.push(
      'mesh.scaffolder.allowedDomains is not set: every developer request that exposes or certifies a host (Gateway, route, Certificate) will be refused; list the DNS domains developers may expose hosts under, e.g. [apps.example.com]',
    );
  }
  if (!scaffolder?.getOptionalStringArray('adminGroups')?.length) {
    missing.push(
      'mesh.scaffolder.adminGroups is not set: nobody is a mesh admin, so mesh-admin templates (namespace data plane, mesh-wide policies) and admin-only resources will be refused for everyone; list the groups of your mesh admins, e.g. [group:default/platform-team]',
    );
  }
  if (!scaffolder?.getOptionalConfig('issuerRef')) {
    const { issuerRef } = defaultMeshScaffolderConfig;
    missing.push(
      `mesh.scaffolder.issuerRef is not set: gateway Certificates will name the ${issuerRef.kind} ${issuerRef.name} (${issuerRef.group}), which your cluster may not have; set the cert-manager Issuer or ClusterIssuer that signs your gateway certificates`,
    );
  }
  return missing;
}
