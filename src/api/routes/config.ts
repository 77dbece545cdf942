// GET/PUT a pipeline's config with Concourse's optimistic check: the version
// travels in X-Concourse-Config-Version; a save naming an older version is
// refused (409). An invalid config is refused with every error (400) and the
// running config is left as it was. With ?check_creds=true every ((var)) must
// resolve now (check-creds.ts), or the save is refused the same way.
import type { ApiApp, ApiDeps, ApiContext } from '../context';
import { CONFIG_FILE_HEADER, CONFIG_VERSION_HEADER, type ConfigResponse, type ConfigWarning, type SaveConfigResponse } from '../../protocol';
import { HttpError, badRequest, notFound } from '../http-error';
import { pipelineFor, teamFor } from '../scope';
import { instanceVarsFromQuery } from '../instance-vars';
import { identifierError, identifierWarning } from '../identifiers';
import { checkPipelineSource } from '../pipeline-config';
import { specsOf } from '../pipeline-specs';
import { unresolvedVars } from '../check-creds';


const YAML_TYPES = ['application/x-yaml', 'application/yaml', 'text/yaml', 'text/x-yaml'];

function expectedVersion(c: ApiContext): number | null {
  const raw = c.req.header(CONFIG_VERSION_HEADER);
  if (raw === undefined || raw === '') return null;
  if (!/^\d+$/.test(raw.trim())) throw badRequest(`config version is malformed: '${raw}' is not a number`);
  return Number(raw.trim());
}

function refuse(errors: string[], warnings: ConfigWarning[]): HttpError {
  const body: SaveConfigResponse = { errors, warnings };
  return new HttpError(400, errors, {}, body);
}

export function registerConfig(app: ApiApp, deps: ApiDeps): void {
  app.get('/api/v1/teams/:team/pipelines/:pipeline/config', async (c) => {
    const pipeline = await pipelineFor(c, deps, 'GetConfig');
    if (!pipeline.config) throw notFound(`config of archived pipeline '${pipeline.name}'`);
    const body: ConfigResponse = { config: pipeline.config };
    return c.json(body, 200, { [CONFIG_VERSION_HEADER]: String(pipeline.configVersion) });
  });

  app.put('/api/v1/teams/:team/pipelines/:pipeline/config', async (c) => {
    const team = await teamFor(c, deps, 'SaveConfig');
    const name = c.req.param('pipeline');
    const version = expectedVersion(c);
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && !YAML_TYPES.includes(type)) {
      throw new HttpError(415, `unsupported content type '${type}': send application/json or application/x-yaml`);
    }
    const file = c.req.header(CONFIG_FILE_HEADER) || `${name}.yml`;
    const checked = checkPipelineSource(await c.req.text(), file);
    const nameError = identifierError(name, 'pipeline');
    const warnings = [...checked.warnings, ...[identifierWarning(name, 'pipeline')].filter((w) => w !== null)];
    if (nameError) checked.errors.push(nameError);
    if (checked.errors.length > 0 || !checked.config) throw refuse(checked.errors, warnings);

    const query = new URL(c.req.url).searchParams;
    const instanceVars = instanceVarsFromQuery(query) ?? null;
    if (query.get('check_creds') === 'true') {
      const unresolved = unresolvedVars(checked.config, team.name, instanceVars);
      if (unresolved.length > 0) throw refuse(unresolved, warnings);
    }

    const result = await deps.store.pipelines.saveConfig({
      team: team.name,
      name,
      instanceVars,
      config: checked.config,
      ...specsOf(checked.config),
      expectedVersion: version,
      savedBy: c.get('access').user?.username ?? null,
    });
    const body: SaveConfigResponse = { warnings };
    return c.json(body, result.created ? 201 : 200, {
      [CONFIG_VERSION_HEADER]: String(result.pipeline.configVersion),
    });
  });
}
