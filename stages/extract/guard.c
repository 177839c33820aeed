/*
 * guard.c - conversions in a worker process, each bounded in CPU time.
 *
 * The worker is forked at the first call and serves calls over a socket
 * pair until the parent closes its end: it reads the input's length and
 * bytes, raises its soft RLIMIT_CPU to the CPU time it has used plus the
 * limit (SIGXCPU ends it there, with no core file), converts, and writes
 * the status and error, the result, then the text.  One worker for many
 * files keeps the library's caches and heap warm: a process per file cost
 * 1.8 ms of page faults and font loading each (HACKING "PDF and Word").
 * A worker that dies, ends without a whole answer or runs out of memory
 * is an error of that document; the next call starts another.
 */
#include "guard.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TEXT ((size_t)1 << 31) /* a longer answer is a garbled one */

/* The worker's own exit statuses (a sanitizer's report exits 1). */
enum {
    EX_DONE = 0,    /* the parent closed the socket */
    EX_IO = 3,      /* the socket or /dev/null failed */
    EX_NOMEM = 4,   /* no memory for the input */
    EX_LIMIT = 5,   /* the CPU limit could not be set */
    EX_RECYCLE = 6, /* too little CPU left under a finite hard limit: start another */
};

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
#include <sanitizer/lsan_interface.h>
#endif

struct nb_guard {
    nb_guard_fn fn;
    size_t res_size;
    void *res; /* the answer's result until it is whole */
    const char *what;
    int seconds;
    pid_t pid; /* the worker, 0 when none */
    int fd;    /* the parent's end of the socket pair */
};

typedef struct answer {
    int status;
    nb_error err;
    size_t text; /* bytes of text after the result */
} answer;

/* 0, or -1 (the peer is gone: no SIGPIPE). */
static int
send_all(int fd, const void *p, size_t n)
{
    const char *s = p;

    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* 0, or -1 at the end of input or on an error before n bytes. */
static int
recv_all(int fd, void *p, size_t n)
{
    char *s = p;

    while (n > 0) {
        ssize_t r = read(fd, s, n);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        s += r;
        n -= (size_t)r;
    }
    return 0;
}

/*
 * Allow the next call seconds of CPU time from now, by the soft limit:
 * SIGXCPU there.  Under a finite hard limit (ulimit -t) the kernel sends
 * SIGKILL at it, so the soft limit stays a second below; a worker that has
 * served a call and has too little of it left leaves before reading this
 * one (the parent starts a fresh one, whose CPU time starts at 0; a fresh
 * one never leaves).
 */
static void
limit_cpu(int seconds, int served)
{
    struct rusage u;
    struct rlimit l;
    rlim_t used;

    if (getrusage(RUSAGE_SELF, &u) < 0 || getrlimit(RLIMIT_CPU, &l) < 0)
        _exit(EX_LIMIT);
    /* whole seconds used, rounded up: the kernel counts user and system
     * time together */
    used = (rlim_t)((u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000L + u.ru_utime.tv_usec +
                    u.ru_stime.tv_usec + 999999L) /
           1000000;
    l.rlim_cur = used + (rlim_t)seconds;
    if (l.rlim_max != RLIM_INFINITY && l.rlim_cur >= l.rlim_max) {
        if (served)
            _exit(EX_RECYCLE);
        l.rlim_cur = l.rlim_max > 1 ? l.rlim_max - 1 : l.rlim_max;
    }
    if (setrlimit(RLIMIT_CPU, &l) < 0)
        _exit(EX_LIMIT);
}

/* The worker's own signals: SIGXCPU ends it at the limit even when
 * extract was started with it ignored or blocked; it dies with extract. */
static void
worker_signals(pid_t parent)
{
    sigset_t set;

    signal(SIGXCPU, SIG_DFL);
    sigemptyset(&set);
    sigaddset(&set, SIGXCPU);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
        _exit(EX_IO); /* the parent is gone already */
}

static void
worker(const nb_guard *g, int fd, pid_t parent)
{
    struct rlimit core = {0, 0};
    nb_buf in = {0}, text = {0};
    int null = open("/dev/null", O_RDWR);

    worker_signals(parent);
    /* standard input and output are the parent's; stderr stays for
     * sanitizers' reports */
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
        _exit(EX_IO);
    setrlimit(RLIMIT_CORE, &core);
    for (int served = 0;; served++) {
        answer a = {0};
        size_t n;

        if (recv_all(fd, &n, sizeof n) < 0)
            break; /* the parent is done */
        in.n = 0;
        if (nb_buf_reserve(&in, n) < 0)
            _exit(EX_NOMEM);
        if (recv_all(fd, in.p, n) < 0)
            break;
        in.n = n;
        limit_cpu(g->seconds, served);
        memset(g->res, 0, g->res_size);
        text.n = 0;
        a.status = g->fn(in.p, in.n, &text, g->res, &a.err);
        a.text = text.n;
        if (send_all(fd, &a, sizeof a) < 0 || send_all(fd, g->res, g->res_size) < 0 ||
            send_all(fd, text.p, text.n) < 0)
            _exit(EX_IO);
    }
#ifdef SANITIZED
    __lsan_do_leak_check(); /* _exit skips it */
#endif
    _exit(EX_DONE);
}

static int
start(nb_guard *g, nb_error *err)
{
    int sv[2], e;
    pid_t pid, parent = getpid();

    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        return nb_fail(err, NB_E_IO, "cannot start the %s: %s", g->what, strerror(errno));
    pid = fork();
    if (pid < 0) {
        e = errno;
        close(sv[0]);
        close(sv[1]);
        return nb_fail(err, NB_E_IO, "cannot start the %s: %s", g->what, strerror(e));
    }
    if (pid == 0) {
        close(sv[0]);
        worker(g, sv[1], parent);
    }
    close(sv[1]);
    g->pid = pid;
    g->fd = sv[0];
    return 0;
}

/* In a sanitized build, a worker that exits 1 has printed a sanitizer's
 * report: that is a test's failure, not a damaged file. */
static void
check_sanitized(int st)
{
#ifdef SANITIZED
    if (st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 1) {
        fputs("guard: the worker exited 1: a sanitizer's report or an uncaught MuPDF error "
              "(above)\n",
              stderr);
        abort();
    }
#else
    (void)st;
#endif
}

/* Close the worker's socket and reap it: its wait status, -1 when it
 * cannot be waited for. */
static int
stop(nb_guard *g)
{
    int st = -1;

    close(g->fd);
    while (waitpid(g->pid, &st, 0) < 0)
        if (errno != EINTR) {
            st = -1;
            break;
        }
    g->pid = 0;
    check_sanitized(st);
    return st;
}

/* Whether a hard CPU limit (the worker's is this process's) leaves a call
 * less than seconds (see limit_cpu). */
static int
hard_limited(int seconds)
{
    struct rlimit l;

    return getrlimit(RLIMIT_CPU, &l) == 0 && l.rlim_max != RLIM_INFINITY &&
           l.rlim_max <= (rlim_t)seconds + 1;
}

/* The error of a worker that gave no whole answer: its wait status st. */
static int
lost(const nb_guard *g, int st, nb_error *err)
{
    if (st < 0)
        return nb_fail(err, NB_E_IO, "the %s could not be waited for", g->what);
    if (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU && hard_limited(g->seconds))
        return nb_fail(err, NB_E_DAMAGED,
                       "the %s was stopped at the hard CPU limit of ulimit -t, below "
                       "extract --pdf-seconds",
                       g->what);
    if (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)
        return nb_fail(err, NB_E_DAMAGED,
                       "the %s was stopped after %d s of CPU time (a hostile or broken file; "
                       "extract --pdf-seconds sets the limit)",
                       g->what, g->seconds);
    if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
        return nb_fail(err, NB_E_DAMAGED,
                       "the %s was killed on this file (out of memory, or the hard CPU limit "
                       "of ulimit -t)",
                       g->what);
    if (WIFEXITED(st) && WEXITSTATUS(st) == EX_NOMEM)
        return nb_fail(err, NB_E_DAMAGED, "the %s ran out of memory on this file", g->what);
    if (WIFEXITED(st) &&
        (WEXITSTATUS(st) == EX_IO || WEXITSTATUS(st) == EX_LIMIT || WEXITSTATUS(st) == EX_RECYCLE))
        return nb_fail(err, NB_E_IO, "the %s could not be started or served (exit status %d)",
                       g->what, WEXITSTATUS(st));
    if (WIFSIGNALED(st))
        return nb_fail(err, NB_E_DAMAGED, "the %s crashed on this file (%s)", g->what,
                       strsignal(WTERMSIG(st)));
    return nb_fail(err, NB_E_DAMAGED, "the %s crashed on this file (exit status %d)", g->what,
                   WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* Send the request and read the answer's head into a: 0; 1 when the
 * worker was gone before the request was whole (it died idle, or left to
 * be replaced: the file is not to blame); -1 when it ended after. */
static int
ask(nb_guard *g, const char *in, size_t n, answer *a, int *st)
{
    if (send_all(g->fd, &n, sizeof n) < 0 || send_all(g->fd, in, n) < 0) {
        *st = stop(g);
        /* no memory for the request: the file's size is to blame */
        return *st >= 0 && WIFEXITED(*st) && WEXITSTATUS(*st) == EX_NOMEM ? -1 : 1;
    }
    if (recv_all(g->fd, a, sizeof *a) < 0 || a->text > MAX_TEXT ||
        recv_all(g->fd, g->res, g->res_size) < 0) {
        *st = stop(g);
        return *st >= 0 && WIFEXITED(*st) && WEXITSTATUS(*st) == EX_RECYCLE ? 1 : -1;
    }
    return 0;
}

nb_guard *
nb_guard_new(nb_guard_fn fn, size_t res_size, const char *what, int seconds)
{
    nb_guard *g = calloc(1, sizeof *g);

    if (!g || !(g->res = malloc(res_size ? res_size : 1))) {
        free(g);
        return NULL;
    }
    g->fn = fn;
    g->res_size = res_size;
    g->what = what;
    g->seconds = seconds;
    return g;
}

int
nb_guard_call(nb_guard *g, const char *in, size_t n, nb_buf *out, void *res, nb_error *err)
{
    answer a;
    int r = 1, st = -1;

    /* a worker found gone before it had the request gets one successor */
    for (int tries = 0; r == 1 && tries < 2; tries++) {
        if (!g->pid && start(g, err) < 0)
            return -1;
        r = ask(g, in, n, &a, &st);
    }
    if (r != 0)
        return lost(g, st, err);
    if (a.status < 0 && a.err.code == NB_E_NOMEM) {
        /* the worker's memory, not extract's: a new worker for the next */
        kill(g->pid, SIGKILL);
        stop(g);
        return nb_fail(err, NB_E_DAMAGED, "the %s ran out of memory on this file", g->what);
    }
    if (nb_buf_reserve(out, a.text) < 0) {
        kill(g->pid, SIGKILL);
        stop(g);
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    }
    if (recv_all(g->fd, out->p + out->n, a.text) < 0)
        return lost(g, stop(g), err);
    out->n += a.text;
    memcpy(res, g->res, g->res_size);
    *err = a.err;
    return a.status;
}

long
nb_guard_pid(const nb_guard *g)
{
    return g->pid;
}

void
nb_guard_free(nb_guard *g)
{
    if (!g)
        return;
    if (g->pid)
        stop(g);
    free(g->res);
    free(g);
}
