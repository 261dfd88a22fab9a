/*
 * A stand-in for rds-iam-verify, for the PAM module's own tests. The
 * module runs it as `fake-checker --config PATH --user USER` with the token
 * on stdin; PATH's suffix picks what it does:
 *   .fds    writes the descriptors it was given (besides 0, 1, 2) to PATH, accepts
 *   .hang   writes its pid to PATH, then never exits (ignoring SIGTERM)
 *   .early  refuses at once without reading the token
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

int main(int argc, char **argv) {
  if (argc != 5) return 2;
  const char *path = argv[2];
  if (ends_with(path, ".early")) return 1;
  FILE *out = fopen(path, "w");
  if (out == NULL) return 2;
  if (ends_with(path, ".hang")) {
    fprintf(out, "%d\n", (int)getpid());
    fclose(out);
    signal(SIGTERM, SIG_IGN);
    for (;;) pause();
  }
  DIR *d = opendir("/proc/self/fd");
  if (d == NULL) return 2;
  int own = dirfd(d), outfd = fileno(out);
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (e->d_name[0] == '.') continue;
    int fd = atoi(e->d_name);
    if (fd > 2 && fd != own && fd != outfd) fprintf(out, "%d\n", fd);
  }
  closedir(d);
  fclose(out);
  char buf[4096];
  while (fread(buf, 1, sizeof buf, stdin) > 0) {
  }
  return 0;
}
