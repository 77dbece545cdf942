-- The scheduler's bookmark: a job needs a pass when schedule_requested_at is newer than
-- last_scheduled_at (Concourse's schedule_requested / last_scheduled pair).
ALTER TABLE jobs ADD COLUMN last_scheduled_at timestamptz;
CREATE INDEX jobs_schedule_requested ON jobs (schedule_requested_at) WHERE active;
