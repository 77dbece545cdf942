-- Who last saved a pipeline's config (a user, or null for a set_pipeline step or the system).
ALTER TABLE pipelines ADD COLUMN last_saved_by text;
