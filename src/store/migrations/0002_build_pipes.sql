-- Build pipes: which upstream builds justified a build's `passed:` inputs (Concourse's
-- build_pipes). The version algorithm reads them to keep reruns and fan-in consistent.
CREATE TABLE build_pipes (
  from_build_id integer NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
  to_build_id integer NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
  PRIMARY KEY (to_build_id, from_build_id)
);
CREATE INDEX build_pipes_from ON build_pipes (from_build_id);
