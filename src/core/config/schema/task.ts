// The task config: what `task: {config: ...}` holds and what a task file
// (`file:`, `gantry execute -c`) contains.
import { Type, type Static } from '@sinclair/typebox';
import { Bool, ContainerLimits, Duration, Obj, Opt, Params, Str, StringList, Tags, Version } from './common';

export const ImageResourceSchema = Obj(
  {
    type: Str('the resource type that fetches the image, e.g. registry-image'),
    source: Params('the resource source, e.g. {repository: busybox}'),
    params: Opt(Params('params for fetching the image')),
    version: Opt(Version('a fixed image version')),
    name: Opt(Str()),
    tags: Opt(Tags()),
  },
  { required: ['type', 'source'], description: 'the container image for the task' },
);

export const TaskInputSchema = Obj(
  {
    name: Str('the artifact name'),
    path: Opt(Str('where it appears, relative to the working directory')),
    optional: Opt(Bool('run even when the input is not provided')),
  },
  { required: ['name'] },
);

export const TaskOutputSchema = Obj(
  { name: Str('the artifact name'), path: Opt(Str('where it is written, relative to the working directory')) },
  { required: ['name'] },
);

export const TaskCacheSchema = Obj(
  { path: Str('a directory kept between builds of this step'), ttl: Opt(Duration('how long an unused cache is kept')) },
  { required: ['path'] },
);

export const TaskRunSchema = Obj(
  {
    path: Str('the command to run'),
    args: Opt(StringList('its arguments')),
    dir: Opt(Str('the working directory, relative to the build directory')),
    user: Opt(Str('the user to run as')),
  },
  { required: ['path'] },
);

export const TaskConfigSchema = Obj(
  {
    platform: Str('linux, darwin or windows'),
    image_resource: Opt(ImageResourceSchema),
    rootfs_uri: Opt(Str('e.g. raw:///path/to/rootfs')),
    inputs: Opt(Type.Array(TaskInputSchema)),
    outputs: Opt(Type.Array(TaskOutputSchema)),
    caches: Opt(Type.Array(TaskCacheSchema)),
    params: Opt(Params('environment variables; values are turned into strings')),
    run: TaskRunSchema,
    container_limits: Opt(ContainerLimits()),
  },
  { required: ['platform', 'run'], title: 'Concourse task config', $id: 'TaskConfig' },
);

export type ImageResource = Static<typeof ImageResourceSchema>;
export type TaskInput = Static<typeof TaskInputSchema>;
export type TaskOutput = Static<typeof TaskOutputSchema>;
export type TaskCache = Static<typeof TaskCacheSchema>;
export type TaskRun = Static<typeof TaskRunSchema>;
export type TaskConfig = Static<typeof TaskConfigSchema>;
