/*
 * Drives pam_rds_iam.so as a server would, through libpam: pam_start_confdir
 * with a private config directory (nothing in /etc/pam.d), the password from
 * stdin handed over by the conversation. Before it, it opens a descriptor
 * without O_CLOEXEC (fd 50, as a server's client socket would be) and sets
 * SIGPIPE to a handler; after it, it reports whether that handler is still
 * in place. Prints "result=<pam code> sigpipe=<kept|changed>".
 *
 *   harness CONFDIR SERVICE USER < password
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <security/pam_appl.h>

static char password[1 << 20];

static void on_sigpipe(int sig) { (void)sig; }

static int conversation(int n, const struct pam_message **msg, struct pam_response **resp, void *data) {
  (void)data;
  struct pam_response *r = calloc((size_t)n, sizeof *r);
  if (r == NULL) return PAM_BUF_ERR;
  for (int i = 0; i < n; i++) {
    if (msg[i]->msg_style == PAM_PROMPT_ECHO_OFF) r[i].resp = strdup(password);
  }
  *resp = r;
  return PAM_SUCCESS;
}

int main(int argc, char **argv) {
  if (argc != 4) return 2;
  size_t len = fread(password, 1, sizeof password - 1, stdin);
  password[len] = '\0';
  int held = open("/dev/null", O_RDONLY);
  if (held < 0 || dup2(held, 50) < 0) return 2;
  struct sigaction mine = {0};
  mine.sa_handler = on_sigpipe;
  sigaction(SIGPIPE, &mine, NULL);

  struct pam_conv conv = {conversation, NULL};
  pam_handle_t *pamh = NULL;
  int rc = pam_start_confdir(argv[2], argv[3], &conv, argv[1], &pamh);
  if (rc == PAM_SUCCESS) rc = pam_authenticate(pamh, 0);
  pam_end(pamh, rc);

  struct sigaction now;
  sigaction(SIGPIPE, NULL, &now);
  printf("result=%d sigpipe=%s\n", rc, now.sa_handler == on_sigpipe ? "kept" : "changed");
  return 0;
}
