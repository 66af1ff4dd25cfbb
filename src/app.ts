import { App } from 'cdktf';
import type { ProjectModel } from './config/model';
import { TorqOrgStack } from './stack';

/** One App with one TorqOrgStack per org. Pure: the caller decides where it is written. */
export function buildApp(project: ProjectModel, outdir: string): App {
  const app = new App({ outdir, skipValidation: false });
  for (const org of project.orgs) new TorqOrgStack(app, { org });
  return app;
}
