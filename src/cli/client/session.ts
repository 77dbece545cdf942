// The target a command talks to: read from ~/.gantryrc by the name given with -t.
import { CliError } from '../errors';
import { readTargets, targetsPath, type Target } from '../targets';
import { ApiClient, CLI_NAME } from './api-client';

export interface Session {
  targetName: string;
  target: Target;
  client: ApiClient;
  /** The team commands act on: --team when given, else the target's team. */
  team: string;
}

export class NoTargetError extends CliError {
  constructor() {
    super(
      `no target specified. specify the target with -t or log in like so:\n\n    ${CLI_NAME} -t (alias) login -c (concourse url)`,
    );
  }
}

/** Loads the named target; a missing token is not an error here (public pipelines). */
export async function openSession(targetName: string | undefined, team?: string, path = targetsPath()): Promise<Session> {
  if (!targetName) throw new NoTargetError();
  const targets = await readTargets(path);
  const target = targets[targetName];
  if (!target) throw new CliError(`unknown target: ${targetName}`);
  return {
    targetName,
    target,
    client: new ApiClient(target.api, targetName, target.token?.value ? target.token : undefined),
    team: team || target.team || 'main',
  };
}
