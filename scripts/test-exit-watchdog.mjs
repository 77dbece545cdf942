// Loaded into every test file's process (--import). Once a file's last test has run and its
// `after` hooks begin, a process that is still alive a minute later is stuck: a hook that
// never resolves, or a handle nobody closed. Rather than hang until the runner's timeout
// with nothing said, it names what is still open and fails the file.
import { after } from 'node:test';

const GRACE_MS = Number(process.env.GANTRY_TEST_EXIT_GRACE_MS ?? 60_000);

after(() => {
  const timer = setTimeout(() => {
    const open = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
    process.stderr.write(
      `exit watchdog: ${process.argv[1] ?? 'this test file'} is still running ${GRACE_MS / 1000} s after its last test ` +
      `(an after hook that never ends, or a handle left open: ${open.join(', ') || 'none'})\n`,
    );
    process.exit(1);
  }, GRACE_MS);
  timer.unref(); // it must not itself keep the process alive
});
