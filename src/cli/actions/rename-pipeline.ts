// rename-pipeline -o OLD -n NEW.
import { API_PATHS, type SaveConfigResponse } from '../../protocol';
import { openSession } from '../client';
import { CliError } from '../errors';
import { action, output, required, str } from '../io';
import { showWarnings } from './warnings';

export const run = action(async (input) => {
  const out = output();
  const oldName = required(input, 'oldName', '-o, --old-name');
  const newName = required(input, 'newName', '-n, --new-name');
  if (oldName.includes('/')) throw new CliError("old pipeline name cannot contain '/'");
  if (newName.includes('/')) throw new CliError("new pipeline name cannot contain '/'");
  const session = await openSession(input.target, str(input, 'team'));
  const res = await session.client.request('PUT', API_PATHS.pipeline(session.team, oldName) + '/rename', {
    body: { name: newName },
    accept: [404],
  });
  if (res.status === 404) {
    await res.body?.cancel();
    throw new CliError(`pipeline '${oldName}' not found`);
  }
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as SaveConfigResponse;
  showWarnings(out, body.warnings);
  out.line(`pipeline successfully renamed to '${newName}'`);
});
