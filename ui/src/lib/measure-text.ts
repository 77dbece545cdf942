// Text size for the graph layout, measured with a canvas in the graph's font.
import type { MeasureText } from '../../../src/core/graph';

export const GRAPH_FONT = '12px "Roboto Mono", "DejaVu Sans Mono", monospace';

let ctx: CanvasRenderingContext2D | null | undefined;

export const measureText: MeasureText = (text) => {
  ctx ??= document.createElement('canvas').getContext('2d');
  if (!ctx) return { width: text.length * 7.2, height: 14 };
  ctx.font = GRAPH_FONT;
  return { width: Math.ceil(ctx.measureText(text).width), height: 14 };
};
