// Which build a command means, as fly resolves it: `-j P/J -b NAME` (a job's build by
// name), `-j P/J` (the job's running build, else its last finished one), `-b ID`
// (a build id), or nothing (the most recent build visible).
import { API_PATHS, type Build, type Job } from '../../protocol';
import { parseJobFlag, refQuery, type Session } from '../client';
import { CliError } from '../errors';

export async function findBuild(session: Session, job: string | undefined, build: string | undefined): Promise<Build> {
  if (job) {
    const { pipeline, job: name } = parseJobFlag(job);
    const base = `${API_PATHS.pipeline(session.team, pipeline.name)}/jobs/${encodeURIComponent(name)}`;
    if (build) {
      const found = await session.client.getOptional<Build>(`${base}/builds/${encodeURIComponent(build)}${refQuery(pipeline)}`);
      if (!found) throw new CliError('build not found');
      return found;
    }
    const j = await session.client.getOptional<Job>(`${base}${refQuery(pipeline)}`);
    if (!j) throw new CliError('job not found');
    const chosen = j.next_build ?? j.finished_build;
    if (!chosen) throw new CliError('job has no builds');
    return chosen;
  }
  if (build) {
    const found = await session.client.getOptional<Build>(API_PATHS.build(build));
    if (!found) throw new CliError('build not found');
    return found;
  }
  const [latest] = await session.client.get<Build[]>(`${API_PATHS.builds}?limit=1`);
  if (!latest) throw new CliError('no builds to watch');
  return latest;
}
