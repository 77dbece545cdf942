// The server may hand a config back with its keys in any order (PostgreSQL's
// jsonb sorts them); people read it in Concourse's order (name first, plan
// last), the order format-pipeline uses. YAML 1.1 both ways, as Concourse reads
// it, so strings such as "yes" stay quoted strings.
import { parse, stringify } from 'yaml';
import { YAML_OPTIONS } from '../../core/config';
import { formatPipeline } from '../../core/config/format';

/** The config as YAML with Concourse's key order. */
export function orderedConfigYaml(config: unknown): string {
  const text = stringify(config, { version: '1.1', lineWidth: 0 });
  try {
    return formatPipeline(text);
  } catch {
    return text;
  }
}

/** The config with its keys in Concourse's order (same value). */
export function orderedConfig(config: unknown): unknown {
  if (typeof config !== 'object' || config === null) return config;
  return parse(orderedConfigYaml(config), YAML_OPTIONS) as unknown;
}
