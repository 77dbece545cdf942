// Build events on the wire, named and shaped as Concourse's atc/event package
// does, so a UI or CLI that reads Concourse's stream reads Gantry's. Each event
// travels as {event, version, data}; `time` is Unix seconds, as Concourse sends it.

import type { BuildStatus } from './api';

/** Which step a message belongs to (its plan id) and, for output, which stream. */
export interface EventOrigin {
  id?: string;
  source?: 'stdout' | 'stderr';
}

export interface MetadataField {
  name: string;
  value: string;
}

/** What Concourse shows of a task config in initialize-task/start-task. */
export interface EventTaskConfig {
  platform: string;
  image: string;
  run: { path: string; args: string[]; dir: string };
  inputs: { name: string; path: string }[];
}

export interface BuildEventData {
  status: { status: BuildStatus; time: number };
  log: { time: number; origin: EventOrigin; payload: string };
  error: { message: string; origin: EventOrigin; time: number };
  initialize: { origin: EventOrigin; time: number };
  start: { origin: EventOrigin; time: number };
  finish: { origin: EventOrigin; time: number; succeeded: boolean };
  'initialize-task': { time: number; origin: EventOrigin; config: EventTaskConfig };
  'start-task': { time: number; origin: EventOrigin; config: EventTaskConfig };
  'finish-task': { time: number; exit_status: number; origin: EventOrigin };
  'initialize-get': { origin: EventOrigin; time: number };
  'start-get': { origin: EventOrigin; time: number };
  'finish-get': { origin: EventOrigin; time: number; exit_status: number; version: Record<string, string>; metadata?: MetadataField[] };
  'initialize-put': { origin: EventOrigin; time: number };
  'start-put': { origin: EventOrigin; time: number };
  'finish-put': { origin: EventOrigin; time: number; exit_status: number; version: Record<string, string>; metadata?: MetadataField[] };
  'selected-worker': { time: number; origin: EventOrigin; selected_worker: string };
  'set-pipeline-changed': { origin: EventOrigin; changed: boolean };
  /** The plans an across step runs, one per combination of values (`values` in var order). */
  'across-substeps': { time: number; origin: EventOrigin; substeps: { step: unknown; values: unknown[] }[] };
}

export type BuildEventType = keyof BuildEventData;

/** The version Concourse gives each event type; clients use it to pick a decoder. */
export const BUILD_EVENT_VERSIONS: { readonly [K in BuildEventType]: string } = {
  status: '1.0',
  log: '5.1',
  error: '4.1',
  initialize: '1.0',
  start: '1.0',
  finish: '1.0',
  'initialize-task': '4.0',
  'start-task': '5.0',
  'finish-task': '4.0',
  'initialize-get': '2.0',
  'start-get': '1.0',
  'finish-get': '5.1',
  'initialize-put': '2.0',
  'start-put': '1.0',
  'finish-put': '5.1',
  'selected-worker': '1.0',
  'set-pipeline-changed': '1.0',
  'across-substeps': '1.0',
};

export type BuildEvent = { [K in BuildEventType]: { event: K; version: string; data: BuildEventData[K] } }[BuildEventType];

/** Builds one wire event with its Concourse version. */
export function buildEvent<K extends BuildEventType>(event: K, data: BuildEventData[K]): Extract<BuildEvent, { event: K }> {
  return { event, version: BUILD_EVENT_VERSIONS[event], data } as Extract<BuildEvent, { event: K }>;
}

/** fly's exit code for a finished build's status: 0 succeeded, 1 failed, 2 errored, 3 aborted. */
export function exitCodeForStatus(status: BuildStatus): number {
  return ({ succeeded: 0, failed: 1, errored: 2, aborted: 3 } as Record<string, number>)[status] ?? 2;
}
