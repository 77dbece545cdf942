// Output for people and scripts: aligned tables, colours only on a TTY, JSON,
// and the set-pipeline config diff. Pure text in, text out: never writes to a
// stream itself and never talks to the server.
export { palette, colorsFor, stripAnsi, type Palette } from './color';
export { renderTable, sortByFirstColumn, statusCell, yesNo, type Cell, type Row, type CellColor } from './table';
export { diffLines, type DiffLine } from './line-diff';
export { diffConfigs, canonical, type ConfigDiff, type ConfigChange } from './config-diff';
export { formatBuildTime, formatDuration, buildTimes, formatVersion, toJson, formatTimestamp } from './format';
