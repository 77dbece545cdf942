// gantry login: a token from the server's password grant (POST /sky/issuer/token,
// as fly -u/-p does), checked against the team, saved in ~/.gantryrc.
import { API_PATHS, type Team, type TokenResponse, type UserInfo } from '../../protocol';
import { ApiClient, ApiError } from '../client';
import type { CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { action, ask, askSecret, flag, output, str } from '../io';
import { readTargets, saveTarget, type TargetToken } from '../targets';

/** fly's public OAuth client: the server accepts it for the password grant. */
const FLY_CLIENT = { id: 'fly', secret: 'Zmx5' };

async function passwordGrant(url: string, targetName: string, username: string, password: string): Promise<TargetToken> {
  const client = new ApiClient(url, targetName);
  const form = new URLSearchParams({
    grant_type: 'password',
    username,
    password,
    scope: 'openid profile email federated:id groups',
  });
  const basic = Buffer.from(`${FLY_CLIENT.id}:${FLY_CLIENT.secret}`).toString('base64');
  const res = await client.request('POST', API_PATHS.token, {
    rawBody: { text: form.toString(), contentType: 'application/x-www-form-urlencoded' },
    headers: { authorization: `Basic ${basic}` },
    accept: [400, 401, 403],
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new CliError('invalid username or password');
  }
  const token = (await res.json()) as TokenResponse;
  if (!token.access_token) throw new CliError('the server answered the login without a token');
  return { type: token.token_type || 'bearer', value: token.access_token };
}

async function verifyTeam(url: string, targetName: string, token: TargetToken, team: string): Promise<void> {
  const client = new ApiClient(url, targetName, token);
  const user = await client.get<UserInfo>(API_PATHS.user);
  if (!user.is_admin) {
    if (!user.teams || !(team in user.teams)) {
      throw new CliError(`you are not a member of '${team}' or the team does not exist`);
    }
    return;
  }
  const teams = await client.get<Team[]>(API_PATHS.teams);
  if (!teams.some((t) => t.name === team)) throw new CliError(`team '${team}' does not exist`);
}

async function credentials(input: CommandInput): Promise<{ username: string; password: string }> {
  let username = str(input, 'username');
  let password = str(input, 'password');
  if (!username) username = (await ask('username: ')) ?? '';
  if (!password) password = (await askSecret('password: ')) ?? '';
  if (!username || !password) throw new CliError('a username and a password are needed to log in');
  return { username, password };
}

export const run = action(async (input) => {
  const out = output();
  const name = input.target;
  if (!name) throw new CliError('name for the target must be specified (--target/-t)');
  if (input.args.length) throw new CliError(`unexpected argument [${input.args.join(', ')}]`);
  const existing = (await readTargets())[name];
  const url = (str(input, 'concourseUrl') ?? existing?.api ?? '').replace(/\/+$/, '');
  if (!url) throw new CliError(`unknown target: ${name}`);
  const team = str(input, 'teamName') ?? (str(input, 'concourseUrl') ? 'main' : existing?.team ?? 'main');
  out.line(`logging in to team '${team}'`);
  out.line();
  const { username, password } = await credentials(input);
  const token = await passwordGrant(url, name, username, password);
  out.line();
  try {
    await verifyTeam(url, name, token, team);
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) throw new CliError(`you are not a member of '${team}'`);
    throw err;
  }
  await saveTarget(name, { api: url, team, token, ...(flag(input, 'insecure') ? { insecure: true } : {}) });
  out.line('target saved');
});
