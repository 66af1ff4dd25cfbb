import { App } from 'cdktf';
import type { ProjectModel } from './config/model';
import { TorqOrgStack } from './stack';

/**
 * cdktf 0.21's manifest gives every stack a `stackMetadataPath` (stacks/<org>/metadata.json), a
 * file it writes only for HCL output (cdktf-cli reads it only then). This package writes JSON, so
 * the manifest leaves the entry out and names only files that exist.
 */
function manifestWithoutMetadataPaths(app: App): void {
  const manifest = app.manifest as unknown as { buildManifest(): { version: string; stacks: Record<string, Record<string, unknown>> } };
  const build = manifest.buildManifest.bind(manifest);
  manifest.buildManifest = () => {
    const built = build();
    const stacks: Record<string, Record<string, unknown>> = {};
    for (const [name, stack] of Object.entries(built.stacks)) {
      const { stackMetadataPath: _unwritten, ...rest } = stack;
      stacks[name] = rest;
    }
    return { ...built, stacks };
  };
}

/** One App with one TorqOrgStack per org. Pure: the caller decides where it is written. */
export function buildApp(project: ProjectModel, outdir: string): App {
  const app = new App({ outdir, skipValidation: false });
  manifestWithoutMetadataPaths(app);
  for (const org of project.orgs) new TorqOrgStack(app, { org });
  return app;
}
