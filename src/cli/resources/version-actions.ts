// resource-versions, pin-resource, unpin-resource, enable-/disable-resource-version. A -v
// version names the newest version whose fields include every given key:value (fly's rule).
import type { CommandAction } from '../command-spec';
import { CliError } from '../errors';
import { action, flag, output, str } from '../io';
import { itemUrl, namedTarget, versionFlags, type Named } from './refs';

interface VersionRow { id: number; version: Record<string, string>; enabled: boolean; metadata?: { name: string; value: string }[] }
interface ResourceRow { pinned_version?: Record<string, string>; pinned_in_config?: boolean }

const R = '-r, --resource';

async function versions(t: Named, limit: number): Promise<VersionRow[]> {
  const res = await t.session.client.request('GET', itemUrl(t, 'resources', '/versions', `limit=${limit}`), { accept: [404] });
  if (res.status === 404) throw new CliError(`resource '${t.label}' not found`);
  return (await res.json()) as VersionRow[];
}

async function matching(t: Named, wanted: Record<string, string>): Promise<VersionRow> {
  const found = (await versions(t, 1000)).find((v) => Object.entries(wanted).every(([k, x]) => v.version[k] === x));
  if (!found) throw new CliError(`could not find version matching ${JSON.stringify(wanted)}`);
  return found;
}

const pairs = (v: Record<string, string>): string => Object.entries(v).map(([k, x]) => `${k}:${x}`).join(',');

export const resourceVersions: CommandAction = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const t = await namedTarget(input, 'resource', R, 'resource');
  const count = Number(str(input, 'count') ?? '50');
  if (!Number.isInteger(count) || count <= 0) throw new CliError('--count must be a positive number');
  const [list, resource] = await Promise.all([versions(t, count), t.session.client.get<ResourceRow>(itemUrl(t, 'resources'))]);
  if (flag(input, 'json')) return out.json(list);
  const pinned = resource.pinned_version ? pairs(resource.pinned_version) : null;
  out.table(['id', 'version', 'enabled', 'metadata'], list.map((v) => [
    String(v.id),
    pairs(v.version) + (pinned === pairs(v.version) ? ' (pinned)' : ''),
    v.enabled ? 'yes' : { text: 'no', color: 'red' as const },
    metadataCell(v),
  ]));
});

const CELL_VALUE_MAX = 60;

/** Gantry's addition to fly's table: the version's metadata on one line (--json has it whole);
 *  fields repeating a version field (git's commit) are left out, long values shortened. */
function metadataCell(v: VersionRow): string {
  const shown = new Set(Object.values(v.version));
  return (v.metadata ?? [])
    .filter((m) => !shown.has(m.value))
    .map((m) => {
      const line = m.value.split('\n')[0]!.trim();
      return `${m.name}: ${line.length > CELL_VALUE_MAX ? `${line.slice(0, CELL_VALUE_MAX - 1)}…` : line}`;
    })
    .join(', ');
}

export const pinResource: CommandAction = action(async (input) => {
  const out = output();
  const t = await namedTarget(input, 'resource', R, 'resource');
  const wanted = versionFlags(input, 'version', '-v, --version', false);
  const comment = str(input, 'comment');
  if (!wanted && !comment) throw new CliError("the required flag `-v, --version' was not specified");
  if (wanted) {
    const v = await matching(t, wanted);
    await t.session.client.request('PUT', itemUrl(t, 'resources', `/versions/${v.id}/pin`), { body: comment ? { pin_comment: comment } : {} });
    out.line(`pinned '${t.label}' with version ${JSON.stringify(v.version)}`);
  }
  if (comment) {
    await t.session.client.request('PUT', itemUrl(t, 'resources', '/pin_comment'), { body: { pin_comment: comment } });
    out.line(`pin comment '${comment}' is saved`);
  }
});

export const unpinResource: CommandAction = action(async (input) => {
  const t = await namedTarget(input, 'resource', R, 'resource');
  const res = await t.session.client.request('PUT', itemUrl(t, 'resources', '/unpin'), { accept: [404] });
  await res.body?.cancel();
  if (res.status === 404) throw new CliError(`could not unpin '${t.label}', make sure the resource exists`);
  output().line(`unpinned '${t.label}'`);
});

function toggleVersion(verb: 'enable' | 'disable'): CommandAction {
  return action(async (input) => {
    const t = await namedTarget(input, 'resource', R, 'resource');
    const v = await matching(t, versionFlags(input, 'version', '-v, --version')!);
    await t.session.client.request('PUT', itemUrl(t, 'resources', `/versions/${v.id}/${verb}`));
    output().line(`${verb}d '${t.label}' with version ${JSON.stringify(v.version)}`);
  });
}

export const enableResourceVersion = toggleVersion('enable');
export const disableResourceVersion = toggleVersion('disable');
