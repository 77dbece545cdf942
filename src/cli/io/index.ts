// Terminal I/O for commands: output streams (tables, JSON, colours on a TTY),
// prompts on stdin, and the action wrapper that turns failures into exit codes.
// Never talks to a server.
export { output, type Output, type OutputOptions } from './output';
export { ask, askSecret, confirm } from './prompt';
export { action, str, flag, list, required } from './action';
