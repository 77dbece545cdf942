// Which team role each action needs: Gantry's own table, following the
// permission matrix Concourse documents (viewer < pipeline-operator < member < owner).
import type { Role } from '../../protocol';

/** Actions are named after Concourse's route names. */
export const REQUIRED_ROLE = {
  GetTeam: 'viewer',
  SetTeam: 'owner',
  RenameTeam: 'owner',
  DestroyTeam: 'owner',
  ListTeamBuilds: 'viewer',
  ListPipelines: 'viewer',
  GetPipeline: 'viewer',
  GetConfig: 'viewer',
  SaveConfig: 'member',
  DeletePipeline: 'member',
  OrderPipelines: 'member',
  PausePipeline: 'pipeline-operator',
  UnpausePipeline: 'pipeline-operator',
  ExposePipeline: 'member',
  HidePipeline: 'member',
  ArchivePipeline: 'member',
  RenamePipeline: 'member',
  ListPipelineBuilds: 'viewer',
  ListJobs: 'viewer',
  GetJob: 'viewer',
  ListJobBuilds: 'viewer',
  GetJobBuild: 'viewer',
  CreateJobBuild: 'pipeline-operator',
  PauseJob: 'pipeline-operator',
  UnpauseJob: 'pipeline-operator',
  ListResources: 'viewer',
  GetResource: 'viewer',
  ListResourceVersions: 'viewer',
  GetResourceVersion: 'viewer',
  CheckResource: 'pipeline-operator',
  CheckResourceType: 'pipeline-operator',
  RerunJobBuild: 'pipeline-operator',
  PinResourceVersion: 'pipeline-operator',
  UnpinResource: 'pipeline-operator',
  SetPinCommentOnResource: 'pipeline-operator',
  EnableResourceVersion: 'pipeline-operator',
  DisableResourceVersion: 'pipeline-operator',
  GetBuild: 'viewer',
  BuildEvents: 'viewer',
  AbortBuild: 'pipeline-operator',
  // Builds that run (issue 4): execute, plans, artifacts, containers, volumes, task caches.
  CreateBuild: 'member',
  CreatePipelineBuild: 'member',
  GetBuildPlan: 'viewer',
  ListBuildArtifacts: 'viewer',
  CreateArtifact: 'member',
  GetArtifact: 'member',
  ListContainers: 'viewer',
  GetContainer: 'viewer',
  HijackContainer: 'member',
  ListVolumes: 'viewer',
  ClearTaskCache: 'pipeline-operator',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof REQUIRED_ROLE;

const RANK: Record<Role, number> = { viewer: 1, 'pipeline-operator': 2, member: 3, owner: 4 };

/** Whether any of the roles held is at least as strong as the role the action needs. */
export function rolesAllow(held: readonly Role[], action: Action): boolean {
  const need = RANK[REQUIRED_ROLE[action]];
  return held.some((r) => RANK[r] >= need);
}

export function isRole(s: string): s is Role {
  return s in RANK;
}
