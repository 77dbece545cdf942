// The plan of a one-off build (`gantry execute`), shaped as fly execute makes it:
// uploaded inputs as artifact_input steps in parallel, then the task, with the
// requested outputs collected by artifact_output steps whatever the task's outcome.
import type { TaskConfig } from '../config';
import type { Plan } from './plan';
import { IdFactory } from './plan-context';

export interface OneOffOptions {
  /** Uploaded inputs: task input name → the id of the uploaded artifact. */
  inputs?: readonly { name: string; artifactId: string }[];
  /** Task outputs to hand back to the client. */
  outputs?: readonly string[];
  /** An input artifact that holds the image (`--image`). */
  image?: string;
  privileged?: boolean;
  tags?: readonly string[];
  params?: Record<string, unknown>;
  name?: string;
  firstId?: number;
}

export function planOneOff(config: TaskConfig, options: OneOffOptions = {}): Plan {
  const ids = new IdFactory(options.firstId ?? 1);
  const inputs = (options.inputs ?? []).map((i) => ids.make({ artifact_input: { artifact_id: i.artifactId, name: i.name } }));
  const inputsPlan = ids.make({ in_parallel: { steps: inputs } });
  let main = ids.make({
    task: {
      name: options.name ?? 'one-off',
      privileged: options.privileged === true,
      config,
      ...(options.image ? { image: options.image } : {}),
      ...(options.tags && options.tags.length > 0 ? { tags: [...options.tags] } : {}),
      ...(options.params ? { params: options.params } : {}),
    },
  });
  const outputs = (options.outputs ?? []).map((name) => ids.make({ artifact_output: { name } }));
  if (outputs.length > 0) {
    const outputsPlan = ids.make({ in_parallel: { steps: outputs } });
    main = ids.make({ ensure: { step: main, ensure: outputsPlan } });
  }
  return ids.make({ do: [inputsPlan, main] });
}
