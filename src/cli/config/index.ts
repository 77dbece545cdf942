// CLI glue for the offline config commands (validate-pipeline, schema): file
// reading, var flags and printing. Never talks to a server.
export { run as runValidatePipeline } from './validate-pipeline';
export { run as runSchema } from './schema-command';
