import { Construct } from 'constructs';
import { DataDatadogRole } from '@cdktf/provider-datadog/lib/data-datadog-role';
import { escapeTerraform } from './escape';

/**
 * A Datadog role looked up by its exact name. data.datadog_role's `filter` is a substring search
 * (provider 3.82.0, datadog/data_source_datadog_role.go, dataSourceDatadogRoleRead): with several
 * matches it picks the exact name or fails, but a lone match is taken without comparing its name,
 * so a mistyped "Datadog Standrd Role" or a role renamed in Datadog could silently pick another
 * role. A lifecycle postcondition makes the exact name a hard check: plan stops (Terraform >= 1.2
 * checks data-source postconditions when it reads them) with an error naming the role asked for
 * and the role found.
 */
export function exactRole(scope: Construct, id: string, logicalId: string, name: string): DataDatadogRole {
  const role = new DataDatadogRole(scope, id, {
    filter: escapeTerraform(name),
    lifecycle: {
      postcondition: [
        {
          // The name as an HCL string literal (JSON's escapes are HCL's), `${` and `%{` escaped.
          condition: `\${self.name == ${escapeTerraform(JSON.stringify(name))}}`,
          errorMessage: `No Datadog role is named exactly ${escapeTerraform(JSON.stringify(name))}: the datadog_role filter (a substring search) found "\${self.name}". Expected the role's exact name (Organization Settings -> Roles) in the org file.`,
        },
      ],
    },
  });
  role.overrideLogicalId(logicalId);
  return role;
}
