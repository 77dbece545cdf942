/*
 * gantry-init: pid 1 inside a container (static, bind-mounted read-only).
 *
 * The kernel drops signals sent to a pid namespace's init unless it installed a handler,
 * so a bare `sleep 1000` as pid 1 would ignore SIGTERM. This init runs the task as its
 * child in a process group of its own, forwards every catchable signal to that group,
 * reaps orphans, and exits with the task's status (128 + signal when it was killed).
 * If fd 3 is open (the worker passes a status file), "ready" is written there once signals
 * are blocked (until then the kernel would drop a SIGTERM to a namespace init, so the worker
 * waits for it before signalling), and the exact status as "exit N" or "signal N" before
 * exiting. The task never sees that descriptor.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(int status) {
  char buf[32];
  int len;
  if (WIFSIGNALED(status)) len = snprintf(buf, sizeof buf, "signal %d\n", WTERMSIG(status));
  else len = snprintf(buf, sizeof buf, "exit %d\n", WEXITSTATUS(status));
  if (fcntl(3, F_GETFD) >= 0 && write(3, buf, (size_t)len) < 0) { /* best effort */ }
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: init PROGRAM [ARG...]\n"); return 125; }
  int has_status_fd = fcntl(3, F_GETFD) >= 0;
  if (has_status_fd) fcntl(3, F_SETFD, FD_CLOEXEC);

  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  if (has_status_fd && write(3, "ready\n", 6) < 0) { /* best effort */ }

  pid_t child = fork();
  if (child < 0) { perror("init: fork"); return 125; }
  if (child == 0) {
    setpgid(0, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    execvp(argv[1], &argv[1]);
    fprintf(stderr, "init: %s: %s\n", argv[1], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  setpgid(child, child);

  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&all, &info);
    if (sig < 0) continue;
    if (sig != SIGCHLD) {
      /* Forward to the task's whole group, so `sh -c 'sleep 1000'` stops too. */
      if (kill(-child, sig) < 0) kill(child, sig);
      continue;
    }
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      if (pid != child) continue;
      report(status);
      return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    }
  }
}
