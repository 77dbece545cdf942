// builds: recent builds of a job (-j P/J), a pipeline (-p P), some teams, or
// everything visible; newest first, capped at -c (default 50).
import { API_PATHS, type Build, type Team } from '../../protocol';
import { formatPipelineRef, openSession, parseJobFlag, type Session } from '../client';
import type { CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { action, flag, list, output, str } from '../io';
import { buildTimes, statusCell, type Row } from '../render';
import { pipelineRef, pipelineUrl } from './pipeline-target';

const TIME_FORMAT = 'yyyy-mm-dd HH:mm:ss';

function parseTime(value: string | undefined, which: string): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) throw new CliError(`${which} time should be in the format: ${TIME_FORMAT}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Math.floor(new Date(y, mo - 1, d, h, mi, s).getTime() / 1000);
}

function withQuery(path: string, params: URLSearchParams): string {
  const q = params.toString();
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
}

function validate(input: CommandInput): void {
  if (str(input, 'pipeline') && str(input, 'job')) throw new CliError('Cannot specify both --pipeline and --job');
  if (flag(input, 'currentTeam') && flag(input, 'allTeams')) throw new CliError('Cannot specify both --all-teams and --current-team');
  if (list(input, 'team').length && flag(input, 'allTeams')) throw new CliError('Cannot specify both --all-teams and --team');
}

/** The path listing builds of one team (or of everything, when team is undefined). */
function buildsPath(input: CommandInput, session: Session, team: string | undefined): string {
  const scoped = { ...session, team: team ?? session.team };
  const job = str(input, 'job');
  if (job) {
    const { pipeline, job: name } = parseJobFlag(job);
    return pipelineUrl(scoped, pipeline, `/jobs/${encodeURIComponent(name)}/builds`);
  }
  const ref = pipelineRef(input, false);
  if (ref) return pipelineUrl(scoped, ref, '/builds');
  return team ? `${API_PATHS.team(team)}/builds` : API_PATHS.builds;
}

async function teamsToList(input: CommandInput, session: Session): Promise<string[] | undefined> {
  if (flag(input, 'allTeams')) return (await session.client.get<Team[]>(API_PATHS.teams)).map((t) => t.name ?? '');
  const teams = [...(flag(input, 'currentTeam') ? [session.team] : []), ...list(input, 'team')];
  return teams.length ? teams : undefined;
}

function row(b: Build, now: number): Row {
  const names = [
    ...(b.pipeline_name ? [formatPipelineRef({ name: b.pipeline_name, instanceVars: b.pipeline_instance_vars })] : []),
    ...(b.job_name ? [b.job_name] : []),
    ...(b.resource_name ? [b.resource_name] : []),
    b.name,
  ];
  const [start, end, duration] = buildTimes(b.start_time, b.end_time, now);
  return [String(b.id), names.join('/'), statusCell(b.status), start, end, duration, b.team_name, b.created_by ?? 'system'];
}

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  validate(input);
  const count = Number(str(input, 'count') ?? '50');
  if (!Number.isInteger(count) || count <= 0) throw new CliError('-c, --count must be a positive whole number');
  const from = parseTime(str(input, 'since'), 'Since');
  const to = parseTime(str(input, 'until'), 'Until');
  if (from !== undefined && to !== undefined && from > to) throw new CliError('Cannot have --since after --until');
  const params = new URLSearchParams({ limit: String(count) });
  if (from !== undefined || to !== undefined) params.set('timestamps', 'true');
  if (from !== undefined) params.set('from', String(from));
  if (to !== undefined) params.set('to', String(to));
  const session = await openSession(input.target);
  const teams = await teamsToList(input, session);
  const paths = (teams ?? [undefined]).map((t) => buildsPath(input, session, t ?? (str(input, 'job') || str(input, 'pipeline') ? session.team : undefined)));
  const builds: Build[] = [];
  for (const path of paths) {
    const page = await session.client.getOptional<Build[]>(withQuery(path, params));
    if (!page) throw new CliError(str(input, 'job') ? 'pipeline/job not found' : 'pipeline not found');
    builds.push(...page);
  }
  const shown = builds.slice(0, count);
  if (flag(input, 'json')) return out.json(shown);
  const now = Math.floor(Date.now() / 1000);
  out.table(['id', 'name', 'status', 'start', 'end', 'duration', 'team', 'created by'], shown.map((b) => row(b, now)));
});
