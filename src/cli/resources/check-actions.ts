// check-resource and check-resource-type: ask the server to check now (optionally from a
// version with -f), wait for the outcome unless -a/--async, and show the check's error
// when it failed (exit 1).
import type { CommandAction } from '../command-spec';
import { CliError } from '../errors';
import { action, flag, output } from '../io';
import { itemUrl, namedTarget, versionFlags } from './refs';

interface CheckAnswer { status: string; check_error?: string }

function check(kind: 'resources' | 'resource-types', option: string, flags: string, what: string): CommandAction {
  return action(async (input) => {
    const out = output();
    const t = await namedTarget(input, option, flags, what);
    const from = versionFlags(input, 'from', '-f, --from', false);
    const async = flag(input, 'async');
    const res = await t.session.client.request('POST', itemUrl(t, kind, '/check', async ? 'async=true' : ''), {
      body: from ? { from } : {},
      accept: [404],
    });
    if (res.status === 404) throw new CliError(`pipeline '${t.label.slice(0, t.label.lastIndexOf('/'))}' or ${what} '${t.name}' not found`);
    const answer = (await res.json()) as CheckAnswer;
    out.line(`checking ${t.label}`);
    if (async) return 0;
    if (answer.status === 'succeeded') {
      out.line('succeeded');
      return 0;
    }
    if (answer.status === 'started') {
      out.line('still checking: no answer from a checker yet');
      return 2;
    }
    if (answer.check_error) out.error(answer.check_error);
    out.line(answer.status);
    return 1;
  });
}

export const checkResource = check('resources', 'resource', '-r, --resource', 'resource');
export const checkResourceType = check('resource-types', 'resourceType', '-r, --resource-type', 'resource type');
