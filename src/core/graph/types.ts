// Shapes for the pipeline graph: the little of a pipeline config the graph reads,
// the graph itself, and the laid-out picture. The config shape is deliberately
// loose (steps are plain objects) so that the graph can be drawn from any parsed
// YAML, valid or not, without depending on the full config types.

/** A plan step as parsed YAML; only get/put/do/in_parallel/try and hooks are read. */
export type GraphStep = Readonly<Record<string, unknown>>;

export interface GraphJobConfig {
  readonly name?: unknown;
  readonly plan?: unknown;
  readonly [field: string]: unknown;
}

export interface GraphResourceConfig {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly icon?: unknown;
  readonly [field: string]: unknown;
}

export interface GraphGroupConfig {
  readonly name?: unknown;
  /** Job names; `*` matches any run of characters, as in Concourse groups. */
  readonly jobs?: unknown;
}

export interface GraphPipelineConfig {
  readonly jobs?: unknown;
  readonly resources?: unknown;
  readonly groups?: unknown;
  readonly [field: string]: unknown;
}

export interface BuildGraphOptions {
  /** Names of the selected groups; empty or absent shows every job. */
  readonly groups?: readonly string[];
}

export type GraphNodeKind = 'job' | 'resource';

/**
 * Where a resource box sits: `input` left of the jobs that get it without
 * `passed`, `passed` right after the upstream job named in `passed`, `output`
 * right after the job that puts it.
 */
export type ResourceRole = 'input' | 'passed' | 'output';

export interface GraphNode {
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** The text drawn in the box: the job or resource name. */
  readonly label: string;
  /** For resource nodes: how the box came to be. */
  readonly role?: ResourceRole;
  /** For resource nodes: the resource's name (same as the label). */
  readonly resource?: string;
  /** For resource nodes: the job on their right (`input`) or on their left (`passed`, `output`). */
  readonly job?: string;
  readonly resourceType?: string;
  readonly icon?: string;
  /**
   * Boxes with the same merge key that land in the same column are drawn as
   * one box (the first of them keeps its id). Unconstrained inputs carry the
   * resource's name, so jobs side by side share one box of a repo they read,
   * while a job far to the right gets its own box instead of a line across the
   * whole picture.
   */
  readonly mergeKey?: string;
}

/**
 * `input`: resource → job that gets it; `passed`: upstream job → the resource
 * box it passes on; `output`: job → resource it puts.
 */
export type GraphEdgeKind = 'input' | 'passed' | 'output';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  /**
   * True when a new version arriving along the line starts the downstream job
   * (`trigger: true`); non-trigger lines are drawn dashed. A `passed` line is a
   * trigger line when any get it feeds triggers. Output lines are always true:
   * a put always produces its version, and Concourse draws them solid.
   */
  readonly trigger: boolean;
}

export interface PipelineGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export interface TextSize {
  readonly width: number;
  readonly height: number;
}

export type MeasureText = (text: string) => TextSize;

export interface LayoutOptions {
  /** Space between a box's border and its text, left/right and top/bottom. */
  readonly paddingX?: number;
  readonly paddingY?: number;
  /** Horizontal space between columns, where lines bend. */
  readonly columnGap?: number;
  /** Vertical space between boxes (and line slots) in one column. */
  readonly rowGap?: number;
  /** Height of the slot a line passing through a column takes. */
  readonly spacerHeight?: number;
  /** Empty border around the whole picture. */
  readonly margin?: number;
}

export interface LaidOutNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly column: number;
}

export type Point = readonly [number, number];

export interface LaidOutEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  readonly trigger: boolean;
  /** A polyline, left to right; segments between columns bend, inside columns run flat. */
  readonly points: readonly Point[];
}

export interface GraphLayout {
  readonly nodes: readonly LaidOutNode[];
  readonly edges: readonly LaidOutEdge[];
  readonly width: number;
  readonly height: number;
}
