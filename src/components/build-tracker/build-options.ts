// What runBuild is told about a stored build: its identity (Concourse's build metadata),
// the pipeline's var_sources and instance vars as static vars.
import type { VarSourceConfig } from '../../core/config';
import type { BuildOptions } from '../../engine';
import type { Store } from '../../ports/store';
import type { Build } from '../../ports/store-rows';

export interface RunSettings {
  signal: AbortSignal;
  externalUrl?: string;
  abortGraceMs?: number;
}

export async function buildOptions(store: Store, build: Build, settings: RunSettings): Promise<BuildOptions> {
  const pipeline = build.pipelineId !== null ? await store.pipelines.getById(build.pipelineId) : null;
  const varSources = (pipeline?.config?.var_sources ?? []) as unknown as VarSourceConfig[];
  const oneOff = build.jobId === null;
  return {
    build: {
      buildId: build.id,
      buildName: build.name,
      teamId: build.teamId,
      teamName: build.teamName,
      ...(build.jobId !== null ? { jobId: build.jobId, jobName: build.jobName ?? undefined } : {}),
      ...(pipeline ? { pipelineId: pipeline.id, pipelineName: pipeline.name } : {}),
      ...(pipeline?.instanceVars ? { pipelineInstanceVars: pipeline.instanceVars } : {}),
      ...(build.createdBy ? { createdBy: build.createdBy } : {}),
      ...(settings.externalUrl ? { externalUrl: settings.externalUrl } : {}),
    },
    varSources,
    staticVars: pipeline?.instanceVars ?? undefined,
    signal: settings.signal,
    abortGraceMs: settings.abortGraceMs,
    // One-off outputs are downloaded after the build; failed job tasks stay for intercept.
    keepVolumes: oneOff,
    keepFailedContainers: true,
  };
}
