/**
 * A literal `${` or `%{` in a string of cdk.tf.json is Terraform interpolation or a template
 * directive. User text (messages, queries, payloads, dashboards) must reach Datadog as written,
 * so every such sequence is escaped (`$${`, `%%{`). cdktf does not do this for plain strings.
 */
export function escapeTerraform(text: string): string {
  // Function replacements: in a replacement string, `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** escapeTerraform applied to every string in a JSON value (keys included). */
export function escapeTerraformDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeTerraform(value) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => escapeTerraformDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeTerraform(k)] = escapeTerraformDeep(v);
    return out as T;
  }
  return value;
}
