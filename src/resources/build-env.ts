// Concourse's build metadata as environment variables for resource scripts (and built-in
// types, which see the same values). Only fields that are known are set, as Concourse does.
import type { BuildMetadata } from '../ports/resource-runner';

export function buildEnv(m: BuildMetadata): Record<string, string> {
  const env: Record<string, string> = {};
  const set = (k: string, v: string | number | undefined) => {
    if (v !== undefined && v !== '' && v !== 0) env[k] = String(v);
  };
  set('BUILD_ID', m.buildId);
  set('BUILD_NAME', m.buildName);
  set('BUILD_TEAM_ID', m.teamId);
  set('BUILD_TEAM_NAME', m.teamName);
  set('BUILD_JOB_ID', m.jobId);
  set('BUILD_JOB_NAME', m.jobName);
  set('BUILD_PIPELINE_ID', m.pipelineId);
  set('BUILD_PIPELINE_NAME', m.pipelineName);
  if (m.pipelineInstanceVars && Object.keys(m.pipelineInstanceVars).length > 0) {
    env.BUILD_PIPELINE_INSTANCE_VARS = JSON.stringify(m.pipelineInstanceVars);
  }
  if (m.externalUrl) {
    env.ATC_EXTERNAL_URL = m.externalUrl;
    if (m.buildId) Object.assign(env, buildUrls(m, m.externalUrl, m.buildId));
  }
  set('BUILD_CREATED_BY', m.createdBy);
  return env;
}

/** The job build's page, or the one-off build's page when it has no job. */
function buildUrls(m: BuildMetadata, base: string, id: number): Record<string, string> {
  const short = `${base}/builds/${id}`;
  let url = short;
  if (m.teamName && m.pipelineName && m.jobName && m.buildName) {
    const seg = encodeURIComponent;
    url = `${base}/teams/${seg(m.teamName)}/pipelines/${seg(m.pipelineName)}/jobs/${seg(m.jobName)}/builds/${seg(m.buildName)}`;
    const vars = Object.entries(m.pipelineInstanceVars ?? {});
    if (vars.length > 0) {
      url += '?' + vars.map(([k, v]) => `${seg(`vars.${k}`)}=${seg(JSON.stringify(v))}`).join('&');
    }
  }
  return { BUILD_URL: url, BUILD_URL_SHORT: short };
}
