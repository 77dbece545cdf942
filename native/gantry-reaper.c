/*
 * gantry-reaper: the worker's one supervisor process for every container.
 *
 * It marks itself a child subreaper, so when a detached `runc run -d` exits, the
 * container's init process is re-parented here rather than to PID 1, and its real exit
 * status can be collected with waitpid(). The worker talks to it over stdin/stdout:
 *
 *   request (one line, fields separated by TAB):
 *     spawn TAG STDIN STDOUT STDERR PIDFILE EXTRAFD ROOTFS ROOTDATA ARG0 ARG1 ...
 *       forks, opens STDIN (read), STDOUT/STDERR (append, created), and EXTRAFD (a file
 *       opened write/create as fd 3, or "-"), then execs ARGV. PIDFILE is "-" or the
 *       path runc writes the container's init pid to. ROOTFS is "-", or a directory the
 *       child covers with an overlay (mount options ROOTDATA) in a mount namespace of its
 *       own before the exec: the container that runtime creates copies that namespace,
 *       so it sees its root overlay while the host's mount table never holds it (a host
 *       table that grows with live containers slows every later start). For runtimes
 *       that cannot mount the root from the spec's "/" mount themselves (crun 1.8).
 *   replies (one line each):
 *     done TAG KIND N INITPID IKIND IN
 *       the spawned program ended (KIND exit|signal, N code or signal number); INITPID is
 *       the pid read from PIDFILE (0 if none); IKIND/IN give that init's status if it has
 *       already ended (exit|signal N) or "running 0".
 *     reaped PID KIND N    a re-parented process (a container init) ended.
 *
 *   mount TAG TYPE SOURCE TARGET DATA    mount(2), e.g. an overlay for a rootfs
 *   umount TAG TARGET                    umount2(2) with MNT_DETACH
 *     reply: result TAG ERRNO MESSAGE   (ERRNO 0 on success)
 *   Mounting here saves forking the (large) worker process for mount(8) and umount(8).
 *
 * Which child ended is learnt from a pidfd per child (each runc, then each container init
 * once runc has named it), watched with epoll, and collected with waitid(P_PIDFD): O(1) per
 * exit. waitpid(-1) scans every child of the caller, and with 10,000 containers re-parented
 * here that scan, once per exit, was 4.7% of the host's CPU (bench/README, row 5). A full
 * scan remains for what has no pidfd (pidfd_open failing, e.g. out of descriptors) and, at
 * most every 2 s, for any other orphan re-parented here.
 *
 * A container init is re-parented here as soon as runc's intermediate `runc init` process
 * exits, which is before runc itself exits: an init that ends at once can be "reaped"
 * before the "done" of its runc. The worker keeps such early exits and matches them to the
 * init pid that "done" reports. The reaper exits when its stdin closes (the worker is
 * gone); containers then live on and the next worker start removes them.
 *
 * Usage: gantry-reaper [NICE]. With NICE (1-19) the reaper lowers its own CPU priority
 * first, so every runc it starts, and the containers those start, inherit it: starting a
 * hundred containers then yields the CPU to the web node's API and its database instead
 * of queueing in front of them (bench/README, row 5).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#include <unistd.h>

#define MAX_ARGS 256
#define MAX_TRACKED 4096
#define MAX_BATCH 4096

struct tracked { pid_t pid; char tag[64]; char pidfile[1024]; };
static struct tracked tracked[MAX_TRACKED];
static int ntracked;

struct reaped { pid_t pid; int status; int claimed; };
static struct reaped batch[MAX_BATCH];

static void emit(const char *line) {
  size_t len = strlen(line), off = 0;
  while (off < len) {
    ssize_t n = write(1, line + off, len - off);
    if (n < 0) { if (errno == EINTR) continue; _exit(1); }
    off += (size_t)n;
  }
}

static void describe(int status, const char **kind, int *n) {
  if (WIFSIGNALED(status)) { *kind = "signal"; *n = WTERMSIG(status); }
  else { *kind = "exit"; *n = WEXITSTATUS(status); }
}

static void describe_si(const siginfo_t *si, const char **kind, int *n) {
  if (si->si_code == CLD_EXITED) { *kind = "exit"; *n = si->si_status; }
  else { *kind = "signal"; *n = si->si_status; }
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The epoll set: stdin, the SIGCHLD signalfd, and one pidfd per watched child. */
static int epfd = -1;
/* Set once a child could not get a pidfd: from then on every SIGCHLD means a full scan
 * (which child lacks one is not kept; this is the out-of-descriptors fallback). */
static int scan_every_exit;
#define TAG_STDIN 0xffffffffffff0000ULL
#define TAG_SIGNAL 0xffffffffffff0001ULL

/* How many children may have a pidfd at once: no cap unless $GANTRY_REAPER_PIDFD_CAP says
 * (the tests use it to drive the scanning fallback without starving runc of descriptors). */
static long pidfd_cap = -1;
static long watched;

/* Watches `pid` (a child) through a pidfd; data = fd << 32 | pid. */
static void watch(pid_t pid) {
  if (pidfd_cap >= 0 && watched >= pidfd_cap) { scan_every_exit = 1; return; }
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) { scan_every_exit = 1; return; }
  watched++;
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = ((unsigned long long)fd << 32) | (unsigned)pid };
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) { close(fd); watched--; scan_every_exit = 1; }
}

static int open_to(const char *path, int flags, int target) {
  /* Never let the protocol pipes leak into runc: "-" means /dev/null for stdio. */
  if (strcmp(path, "-") == 0) {
    if (target > 2) return 0;
    path = "/dev/null";
  }
  int fd = open(path, flags | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  if (fd == target) return fcntl(fd, F_SETFD, 0); /* already there: only keep it across exec */
  if (dup2(fd, target) < 0) return -1; /* dup2 clears O_CLOEXEC on the target */
  close(fd);
  return 0;
}

/* In the child, before the exec: a private copy of the mount namespace (nothing mounted
 * in it propagates back to the host), then the root overlay. */
static int mount_root_privately(const char *rootfs, const char *data) {
  if (strcmp(rootfs, "-") == 0) return 0;
  if (unshare(CLONE_NEWNS) != 0) return -1;
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return -1;
  return mount("overlay", rootfs, "overlay", 0, data);
}

static void spawn(char **f, int nf, const sigset_t *oldmask) {
  /* f: spawn TAG STDIN STDOUT STDERR PIDFILE EXTRAFD ROOTFS ROOTDATA ARGV... */
  char line[256];
  if (nf < 10 || ntracked >= MAX_TRACKED) {
    snprintf(line, sizeof line, "done\t%s\texit\t125\t0\trunning\t0\n", nf > 1 ? f[1] : "?");
    emit(line);
    return;
  }
  /* Like fork(), but the child shares the descriptor table instead of copying it, then
   * takes a private copy of only 0-2 (close_range UNSHARE) before anything else: with a
   * pidfd per live container here, fork() copied ~10,000 descriptors per start and the
   * exec closed them all again. */
  pid_t pid = (pid_t)syscall(SYS_clone, CLONE_FILES | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid == 0 && syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_UNSHARE) != 0) _exit(126);
  if (pid < 0) {
    snprintf(line, sizeof line, "done\t%s\texit\t125\t0\trunning\t0\n", f[1]);
    emit(line);
    return;
  }
  if (pid == 0) {
    sigprocmask(SIG_SETMASK, oldmask, NULL);
    if (open_to(f[2], O_RDONLY, 0) < 0 || open_to(f[3], O_WRONLY | O_CREAT | O_APPEND, 1) < 0 ||
        open_to(f[4], O_WRONLY | O_CREAT | O_APPEND, 2) < 0 ||
        open_to(f[6], O_WRONLY | O_CREAT | O_TRUNC, 3) < 0) _exit(126);
    if (mount_root_privately(f[7], f[8]) != 0) {
      dprintf(2, "gantry-reaper: cannot mount the container's root overlay on %s: %s\n", f[7], strerror(errno));
      _exit(125);
    }
    execvp(f[9], &f[9]);
    _exit(127);
  }
  watch(pid);
  struct tracked *t = &tracked[ntracked++];
  t->pid = pid;
  snprintf(t->tag, sizeof t->tag, "%s", f[1]);
  snprintf(t->pidfile, sizeof t->pidfile, "%s", f[5]);
}

static pid_t read_pidfile(const char *path) {
  if (strcmp(path, "-") == 0) return 0;
  FILE *fp = fopen(path, "r");
  if (!fp) return 0;
  long v = 0;
  if (fscanf(fp, "%ld", &v) != 1) v = 0;
  fclose(fp);
  return (pid_t)v;
}

/* A runc we spawned has ended: report it with its container init's pid and, if that init
 * has ended too (found in this batch or reapable now), its status. */
static void finish_tracked(int idx, int status, int nbatch) {
  struct tracked t = tracked[idx];
  tracked[idx] = tracked[--ntracked];
  const char *kind, *ikind = "running";
  int n, in = 0;
  describe(status, &kind, &n);
  pid_t init = read_pidfile(t.pidfile);
  if (init > 0) {
    int found = 0;
    for (int i = 0; i < nbatch; i++) {
      if (batch[i].pid == init && !batch[i].claimed) {
        batch[i].claimed = 1; found = 1; describe(batch[i].status, &ikind, &in);
      }
    }
    int st;
    if (!found && waitpid(init, &st, WNOHANG) == init) describe(st, &ikind, &in);
    else if (!found) watch(init); /* still running: its end arrives on its pidfd */
  }
  char line[512];
  snprintf(line, sizeof line, "done\t%s\t%s\t%d\t%d\t%s\t%d\n", t.tag, kind, n, (int)init, ikind, in);
  emit(line);
}

static void reap_all(void) {
  int nbatch = 0, status;
  pid_t pid;
  while (nbatch < MAX_BATCH && (pid = waitpid(-1, &status, WNOHANG)) > 0) {
    batch[nbatch].pid = pid; batch[nbatch].status = status; batch[nbatch].claimed = 0; nbatch++;
  }
  /* runc processes first, so their inits are claimed before being reported as orphans. */
  for (int i = 0; i < nbatch; i++) {
    for (int j = 0; j < ntracked; j++) {
      if (tracked[j].pid == batch[i].pid) { batch[i].claimed = 1; finish_tracked(j, batch[i].status, nbatch); break; }
    }
  }
  char line[128];
  for (int i = 0; i < nbatch; i++) {
    if (batch[i].claimed) continue;
    const char *kind; int n;
    describe(batch[i].status, &kind, &n);
    snprintf(line, sizeof line, "reaped\t%d\t%s\t%d\n", (int)batch[i].pid, kind, n);
    emit(line);
  }
  if (nbatch == MAX_BATCH) reap_all();
}

/* A pidfd became readable: that child has ended. waitid(P_PIDFD) collects exactly it (no
 * reused pid can be mistaken for it); ECHILD means a full scan collected it already. */
static void pidfd_ready(unsigned long long data) {
  int fd = (int)(data >> 32);
  pid_t pid = (pid_t)(data & 0xffffffffULL);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  int rc = waitid(P_PIDFD, (id_t)fd, &si, WEXITED | WNOHANG);
  if (rc == 0 && si.si_pid == 0) return; /* not ended after all: keep watching */
  close(fd);
  watched--;
  if (rc != 0) return;
  int status = si.si_code == CLD_EXITED ? (si.si_status & 0xff) << 8 : (si.si_status & 0x7f);
  for (int j = 0; j < ntracked; j++) {
    if (tracked[j].pid == pid) { finish_tracked(j, status, 0); return; }
  }
  const char *kind; int n;
  describe_si(&si, &kind, &n);
  char line[128];
  snprintf(line, sizeof line, "reaped\t%d\t%s\t%d\n", (int)pid, kind, n);
  emit(line);
}

static void result(const char *tag, int err) {
  char line[512];
  snprintf(line, sizeof line, "result\t%s\t%d\t%s\n", tag, err, err ? strerror(err) : "ok");
  emit(line);
}

static void do_mount(char **f, int nf) {
  if (nf < 6) { result(nf > 1 ? f[1] : "?", EINVAL); return; }
  result(f[1], mount(f[3], f[4], f[2], 0, f[5]) == 0 ? 0 : errno);
}

static void do_umount(char **f, int nf) {
  if (nf < 3) { result(nf > 1 ? f[1] : "?", EINVAL); return; }
  result(f[1], umount2(f[2], MNT_DETACH) == 0 ? 0 : errno);
}

static void handle_line(char *s, const sigset_t *oldmask) {
  char *f[MAX_ARGS + 8];
  int nf = 0;
  for (char *tok = strsep(&s, "\t"); tok && nf < MAX_ARGS + 7; tok = strsep(&s, "\t")) f[nf++] = tok;
  f[nf] = NULL;
  if (nf == 0) return;
  if (strcmp(f[0], "spawn") == 0) spawn(f, nf, oldmask);
  else if (strcmp(f[0], "mount") == 0) do_mount(f, nf);
  else if (strcmp(f[0], "umount") == 0) do_umount(f, nf);
}

int main(int argc, char **argv) {
  if (argc > 1) {
    int nice = atoi(argv[1]);
    if (nice > 0 && setpriority(PRIO_PROCESS, 0, nice) != 0) { perror("gantry-reaper: setpriority"); return 1; }
  }
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) { perror("gantry-reaper: PR_SET_CHILD_SUBREAPER"); return 1; }
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigset_t mask, oldmask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigprocmask(SIG_BLOCK, &mask, &oldmask);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) { perror("gantry-reaper: signalfd"); return 1; }
  signal(SIGPIPE, SIG_IGN);

  const char *cap = getenv("GANTRY_REAPER_PIDFD_CAP");
  if (cap && *cap) pidfd_cap = atol(cap);
  struct rlimit nofile;
  if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
    nofile.rlim_cur = nofile.rlim_max; /* a pidfd per live container */
    setrlimit(RLIMIT_NOFILE, &nofile);
  }
  epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) { perror("gantry-reaper: epoll_create1"); return 1; }
  struct epoll_event in_ev = { .events = EPOLLIN, .data.u64 = TAG_STDIN };
  struct epoll_event sig_ev = { .events = EPOLLIN, .data.u64 = TAG_SIGNAL };
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &in_ev) != 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &sig_ev) != 0) {
    perror("gantry-reaper: epoll_ctl"); return 1;
  }
  emit("ready\n");

  static char buf[1 << 16];
  size_t used = 0;
  int sigchld_unscanned = 0; /* a SIGCHLD came since the last full scan */
  long long last_scan = now_ms();
  struct epoll_event evs[256];
  for (;;) {
    int n = epoll_wait(epfd, evs, 256, sigchld_unscanned ? 2000 : -1);
    if (n < 0) { if (errno == EINTR) continue; return 1; }
    /* At most every 2 s, a full scan for orphans nobody watches (busy or not). */
    if (sigchld_unscanned && now_ms() - last_scan >= 2000) { sigchld_unscanned = 0; last_scan = now_ms(); reap_all(); }
    int input = 0;
    for (int i = 0; i < n; i++) {
      if (evs[i].data.u64 == TAG_STDIN) input = 1;
      else if (evs[i].data.u64 == TAG_SIGNAL) {
        struct signalfd_siginfo si;
        while (read(sfd, &si, sizeof si) == sizeof si) {}
        sigchld_unscanned = 1;
        if (scan_every_exit) { sigchld_unscanned = 0; last_scan = now_ms(); reap_all(); }
      } else pidfd_ready(evs[i].data.u64);
    }
    if (input) {
      ssize_t got = read(0, buf + used, sizeof buf - used - 1);
      if (got <= 0) { if (got < 0 && errno == EINTR) continue; return 0; }
      used += (size_t)got;
      char *start = buf, *nl;
      while ((nl = memchr(start, '\n', used - (size_t)(start - buf)))) {
        *nl = 0;
        handle_line(start, &oldmask);
        start = nl + 1;
      }
      used -= (size_t)(start - buf);
      memmove(buf, start, used);
      if (used >= sizeof buf - 1) used = 0; /* an over-long line: drop it */
    }
  }
}
