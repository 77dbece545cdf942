// The time resource type (Concourse's time-resource): versions on an interval and/or once
// per start..stop window on chosen days, in a time zone. Pure date rules live in time-lord;
// the clock is injected. Must never read the clock anywhere but through `now`.
export { createTimeType, type TimeTypeOptions } from './time-type';
export { isDue, windowAround } from './time-lord';
export { parseTimeSource, parseTimeOfDay, type TimeSource } from './time-source';
export { formatRfc3339, parseRfc3339 } from './zoned';
