/*
 * pam_rds_iam: the PAM side of the local IAM login stand-in. It takes the
 * password (an IAM auth token) with pam_get_authtok and hands all of it to
 * rds-iam-verify on stdin. pam_exec's expose_authtok would cut it at 512
 * bytes (PAM_MAX_RESP_SIZE), and tokens from temporary credentials are
 * 1-2 KB.
 *
 *   auth required /path/pam_rds_iam.so verifier=/path/rds-iam-verify config=/path/config.json
 */
#define PAM_SM_AUTH
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

static const char *option(int argc, const char **argv, const char *name) {
  size_t n = strlen(name);
  for (int i = 0; i < argc; i++) {
    if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') return argv[i] + n + 1;
  }
  return NULL;
}

static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Runs the verifier with the token on its stdin; 0 when it accepts. */
static int run_verifier(const char *verifier, const char *config, const char *user, const char *token) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    char *const env[] = {NULL};
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    close(fds[1]);
    execle(verifier, verifier, "--config", config, "--user", user, (char *)NULL, env);
    _exit(127);
  }
  close(fds[0]);
  /* A verifier that exits early must not kill the server with SIGPIPE. */
  struct sigaction ignore = {0}, saved;
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &saved);
  write_all(fds[1], token, strlen(token));
  close(fds[1]);
  sigaction(SIGPIPE, &saved, NULL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

PAM_EXTERN int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv) {
  (void)flags;
  const char *verifier = option(argc, argv, "verifier");
  const char *config = option(argc, argv, "config");
  if (verifier == NULL || config == NULL) {
    pam_syslog(pamh, LOG_ERR, "pam_rds_iam: verifier= and config= are required");
    return PAM_SERVICE_ERR;
  }
  const char *user = NULL;
  if (pam_get_user(pamh, &user, NULL) != PAM_SUCCESS || user == NULL || *user == '\0') return PAM_USER_UNKNOWN;
  const char *token = NULL;
  if (pam_get_authtok(pamh, PAM_AUTHTOK, &token, NULL) != PAM_SUCCESS || token == NULL) return PAM_AUTH_ERR;
  return run_verifier(verifier, config, user, token) == 0 ? PAM_SUCCESS : PAM_AUTH_ERR;
}

PAM_EXTERN int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv) {
  (void)pamh;
  (void)flags;
  (void)argc;
  (void)argv;
  return PAM_SUCCESS;
}
