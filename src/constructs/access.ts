import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { ApiKey } from '@cdktf/provider-datadog/lib/api-key';
import { ServiceAccount } from '@cdktf/provider-datadog/lib/service-account';
import { ServiceAccountApplicationKey } from '@cdktf/provider-datadog/lib/service-account-application-key';
import { exactRole } from './role';

export interface TorqAccessProps {
  /** Name of the API key, the service account and its application key ("Torq"). */
  readonly name: string;
  readonly serviceAccountEmail: string;
  /** Datadog role names for the service account, such as "Datadog Standard Role". */
  readonly roles: readonly string[];
  /** Application-key scopes: the least set Torq's Datadog steps need. */
  readonly scopes: readonly string[];
}

/**
 * The keys Torq's Datadog steps use: an API key, and an application key owned by a service
 * account (not by a person, so it outlives anyone leaving). The key values exist only as
 * sensitive outputs.
 */
export class TorqAccess extends Construct {
  readonly apiKey: ApiKey;
  readonly serviceAccount: ServiceAccount;
  readonly applicationKey: ServiceAccountApplicationKey;

  constructor(scope: Construct, id: string, props: TorqAccessProps) {
    super(scope, id);
    // Stable, readable Terraform ids, set before anything references the resources.
    this.apiKey = new ApiKey(this, 'api_key', { name: props.name });
    this.apiKey.overrideLogicalId('torq_api_key');
    const roles = props.roles.map((role, i) => exactRole(this, `role_${i}`, `torq_role_${i}`, role).id);
    this.serviceAccount = new ServiceAccount(this, 'service_account', {
      name: props.name,
      email: props.serviceAccountEmail,
      // roles is Optional+Computed (fwprovider/resource_datadog_service_account.go): omitted, it
      // would keep whatever roles the account has; [] says "no role" and is sent.
      roles,
    });
    this.serviceAccount.overrideLogicalId('torq_service_account');
    this.applicationKey = new ServiceAccountApplicationKey(this, 'application_key', {
      name: props.name,
      serviceAccountId: this.serviceAccount.id,
      scopes: [...props.scopes],
    });
    this.applicationKey.overrideLogicalId('torq_application_key');
    new TerraformOutput(this, 'torq_api_key', {
      value: this.apiKey.key,
      sensitive: true,
      description: "Paste into Torq's Datadog steps integration as the API key.",
    }).overrideLogicalId('torq_api_key');
    new TerraformOutput(this, 'torq_application_key', {
      value: this.applicationKey.key,
      sensitive: true,
      description: "Paste into Torq's Datadog steps integration as the application key.",
    }).overrideLogicalId('torq_application_key');
  }
}
