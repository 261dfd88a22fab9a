/*
 * pam_rds_iam: the PAM side of the local IAM login stand-in. It takes the
 * password (an IAM auth token) with pam_get_authtok and hands all of it to
 * rds-iam-verify on stdin. pam_exec's expose_authtok would cut it at 512
 * bytes (PAM_MAX_RESP_SIZE), and tokens from temporary credentials are
 * 1-2 KB.
 *
 *   auth required /path/pam_rds_iam.so verifier=/path/rds-iam-verify config=/path/config.json [timeout_ms=10000]
 *
 * It runs inside the server's process: the checker gets no descriptor of
 * the host's but its stdin, no signal disposition of the host's is
 * changed, and a checker that takes longer than timeout_ms is killed and
 * the login refused.
 */
#define _GNU_SOURCE /* closefrom */
#define PAM_SM_AUTH
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

/* How long the checker may take, all told (writing the token, checking it). */
#define DEFAULT_TIMEOUT_MS 10000

static const char *option(int argc, const char **argv, const char *name) {
  size_t n = strlen(name);
  for (int i = 0; i < argc; i++) {
    if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') return argv[i] + n + 1;
  }
  return NULL;
}

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * Sends the token on a socket: MSG_NOSIGNAL makes a checker that exits
 * early an EPIPE here, not a SIGPIPE for the host process (whose signal
 * dispositions are not ours to change), and poll bounds the wait.
 */
static int send_all(int fd, const char *data, size_t len, long long deadline) {
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      data += n;
      len -= (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      long long left = deadline - now_ms();
      if (left <= 0) return -1;
      struct pollfd p = {.fd = fd, .events = POLLOUT};
      if (poll(&p, 1, (int)left) < 0 && errno != EINTR) return -1;
      continue;
    }
    return -1;
  }
  return 0;
}

/* Waits for the checker until the deadline; then kills it (and reaps it). */
static int wait_bounded(pid_t pid, long long deadline) {
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
    if (done < 0 && errno != EINTR) return -1;
    if (now_ms() >= deadline) break;
    struct timespec pause = {.tv_sec = 0, .tv_nsec = 5 * 1000000};
    nanosleep(&pause, NULL);
  }
  kill(pid, SIGKILL);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return -1;
}

/* Runs the verifier with the token on its stdin; 0 when it accepts in time. */
static int run_verifier(const char *verifier, const char *config, const char *user, const char *token, long timeout_ms) {
  long long deadline = now_ms() + timeout_ms;
  int fds[2];
  /* CLOEXEC: a thread of the host forking meanwhile must not inherit them. */
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    /* Only async-signal-safe calls between fork and exec. */
    char *const env[] = {NULL};
    if (fds[0] == STDIN_FILENO) {
      /* A daemon without stdin got the socket as fd 0: keep it across exec. */
      if (fcntl(STDIN_FILENO, F_SETFD, 0) < 0) _exit(127);
    } else if (dup2(fds[0], STDIN_FILENO) < 0) {
      _exit(127);
    }
    /* The host's other descriptors (client sockets, files) are none of the checker's business. */
    closefrom(STDERR_FILENO + 1);
    execle(verifier, verifier, "--config", config, "--user", user, (char *)NULL, env);
    _exit(127);
  }
  close(fds[0]);
  int sent = send_all(fds[1], token, strlen(token), deadline);
  close(fds[1]); /* end of input for the checker */
  int accepted = wait_bounded(pid, deadline);
  return sent == 0 && accepted == 0 ? 0 : -1;
}

PAM_EXTERN int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv) {
  (void)flags;
  const char *verifier = option(argc, argv, "verifier");
  const char *config = option(argc, argv, "config");
  const char *timeout = option(argc, argv, "timeout_ms");
  if (verifier == NULL || config == NULL) {
    pam_syslog(pamh, LOG_ERR, "pam_rds_iam: verifier= and config= are required");
    return PAM_SERVICE_ERR;
  }
  long timeout_ms = DEFAULT_TIMEOUT_MS;
  if (timeout != NULL) {
    char *end = NULL;
    timeout_ms = strtol(timeout, &end, 10);
    if (end == timeout || *end != '\0' || timeout_ms < 1 || timeout_ms > 600000) {
      pam_syslog(pamh, LOG_ERR, "pam_rds_iam: timeout_ms= must be 1 to 600000");
      return PAM_SERVICE_ERR;
    }
  }
  const char *user = NULL;
  if (pam_get_user(pamh, &user, NULL) != PAM_SUCCESS || user == NULL || *user == '\0') return PAM_USER_UNKNOWN;
  const char *token = NULL;
  if (pam_get_authtok(pamh, PAM_AUTHTOK, &token, NULL) != PAM_SUCCESS || token == NULL) return PAM_AUTH_ERR;
  return run_verifier(verifier, config, user, token, timeout_ms) == 0 ? PAM_SUCCESS : PAM_AUTH_ERR;
}

PAM_EXTERN int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv) {
  (void)pamh;
  (void)flags;
  (void)argc;
  (void)argv;
  return PAM_SUCCESS;
}
