// Planner: job configs and one-off task configs → plan trees in Concourse's plan
// JSON shapes, with stable ids. Pure: no I/O, no clock; the same input always
// gives the same plan.
export * from './plan';
export type { TaskConfig, ContainerLimitsLike } from './task-config';
export { planJob, planStep, type PlanJobOptions } from './plan-job';
export { planOneOff, type OneOffOptions } from './plan-one-off';
export { PlanError } from './plan-context';
export { planCheck, type CheckOptions } from './plan-check';
