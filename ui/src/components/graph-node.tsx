import type { GraphNode as Node, LaidOutNode } from '../../../src/core/graph';
import { navigate } from '../lib/router';
import { STATUS_COLOURS, type UiStatus } from '../lib/status';

export interface NodeInfo {
  status?: UiStatus;
  pinned?: boolean;
  checkError?: boolean;
  href: string;
}

/** A job box (filled in its status colour, pulsing while running) or a resource box. */
export function GraphNode({ node, box, info }: { node: Node; box: LaidOutNode; info: NodeInfo }) {
  const isJob = node.kind === 'job';
  const fill = isJob ? STATUS_COLOURS[info.status ?? 'pending'] : '#2a2f33';
  const classes = ['node', `node-${node.kind}`, isJob ? `status-${info.status ?? 'pending'}` : '', info.pinned ? 'pinned' : '', info.checkError ? 'check-error' : ''];
  return (
    <g
      className={classes.join(' ')}
      transform={`translate(${box.x},${box.y})`}
      onClick={() => navigate(info.href)}
      data-testid={isJob ? 'job-box' : 'resource-box'}
      data-name={node.label}
      data-status={info.status}
      data-pinned={info.pinned ? 'true' : undefined}
      data-check-error={info.checkError ? 'true' : undefined}
    >
      <title>{`${node.kind} ${node.label}${info.status ? `: ${info.status}` : ''}${info.pinned ? ' (pinned)' : ''}${info.checkError ? ' (check failed)' : ''}`}</title>
      <rect width={box.width} height={box.height} rx={2} fill={fill} className="node-rect" />
      {info.pinned && <rect width={box.width} height={box.height} rx={2} className="pin-outline" />}
      {info.checkError && <rect width={4} height={box.height} fill={STATUS_COLOURS.errored} />}
      <text x={box.width / 2} y={box.height / 2} dominantBaseline="central" textAnchor="middle" className={isJob ? 'job-label' : 'resource-label'}>
        {node.label}
      </text>
    </g>
  );
}
