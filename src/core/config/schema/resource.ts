// Top-level pipeline sections other than jobs: resources, resource types,
// prototypes, var sources, groups and display.
import { Type, type Static } from '@sinclair/typebox';
import { Bool, CheckEvery, Duration, Identifier, Obj, Opt, Params, Str, StringList, Tags, Version } from './common';

export const ResourceSchema = Obj(
  {
    name: Identifier('the resource name, used by get and put steps'),
    type: Str('the resource type, e.g. git, time, registry-image'),
    source: Opt(Params('configuration for the resource type')),
    old_name: Opt(Str('the previous name, to keep its history across a rename')),
    public: Opt(Bool('show its metadata to everyone')),
    webhook_token: Opt(Str('token for the check webhook')),
    check_every: Opt(CheckEvery()),
    check_timeout: Opt(Duration('how long a check may take (default 1h)')),
    tags: Opt(Tags()),
    version: Opt(Version('pin the resource to this version')),
    icon: Opt(Str('a Material Design icon name')),
    expose_build_created_by: Opt(Bool('pass BUILD_CREATED_BY to put steps')),
  },
  { required: ['name', 'type'] },
);

const resourceTypeProps = {
  name: Identifier('the type name, used as `type:` of resources'),
  type: Str('the resource type that fetches its image, e.g. registry-image'),
  source: Opt(Params('where to fetch the image from')),
  defaults: Opt(Params('default source fields for resources of this type')),
  params: Opt(Params('params for fetching the image')),
  privileged: Opt(Bool('run its containers privileged')),
  check_every: Opt(CheckEvery()),
  tags: Opt(Tags()),
};

export const ResourceTypeSchema = Obj(resourceTypeProps, { required: ['name', 'type'] });
export const PrototypeSchema = Obj(resourceTypeProps, { required: ['name', 'type'] });

export const VarSourceSchema = Obj(
  {
    name: Identifier('the name used in ((name:path)) references'),
    type: Str('vault, dummy, ssm, secretsmanager or idtoken'),
    config: Opt(Type.Unknown({ description: 'configuration for the credential manager' })),
  },
  { required: ['name', 'type'] },
);

export const GroupSchema = Obj(
  {
    name: Identifier('the group (tab) name'),
    jobs: Opt(StringList('job names or globs')),
    resources: Opt(StringList('resource names')),
  },
  { required: ['name'] },
);

export const DisplaySchema = Obj({
  background_image: Opt(Str('URL of a background image')),
  background_filter: Opt(Str('CSS filter for the background image')),
});

export type ResourceConfig = Static<typeof ResourceSchema>;
export type ResourceTypeConfig = Static<typeof ResourceTypeSchema>;
export type PrototypeConfig = Static<typeof PrototypeSchema>;
export type VarSourceConfig = Static<typeof VarSourceSchema>;
export type GroupConfig = Static<typeof GroupSchema>;
export type DisplayConfig = Static<typeof DisplaySchema>;
