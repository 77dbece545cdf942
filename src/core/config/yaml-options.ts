// How Gantry reads YAML: as Concourse's go-yaml (YAML 1.1) does. `yes`, `on`,
// `y` are booleans and `<<` merges, but sexagesimal numbers and timestamps
// stay text, because go-yaml hands those to the config as strings.
import type { Tags } from 'yaml';

function concourseTags(tags: Tags): Tags {
  return tags.filter((t) => {
    if (typeof t !== 'object' || t === null) return true;
    const tag = t as { tag?: string; format?: string };
    return tag.format !== 'TIME' && tag.tag !== 'tag:yaml.org,2002:timestamp';
  });
}

export const YAML_OPTIONS = {
  version: '1.1',
  merge: true,
  customTags: concourseTags,
  prettyErrors: false,
  uniqueKeys: true,
} as const;
