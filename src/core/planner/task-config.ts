// The task config as a plan carries it: the config schema's type, re-exported so
// plan consumers need not know where the schema lives.
import type { TaskConfig as ConfigTaskConfig } from '../config';

export type TaskConfig = ConfigTaskConfig;
export type ContainerLimitsLike = { cpu?: number | string; memory?: number | string };
