/* test_extract_guard.c - conversions in a worker process (guard.c): each
 * answer comes back whole; a loop, a crash or an early exit is an error of
 * that call, and the next call has a new worker. */
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "guard.h"

typedef struct result {
    int calls; /* calls this worker has served, this one included */
    char title[16];
} result;

/* The input names what the conversion does. */
static int
convert(const char *in, size_t n, nb_buf *out, void *res, nb_error *err)
{
    static int calls;
    result *r = res;

    r->calls = ++calls;
    snprintf(r->title, sizeof r->title, "%.*s", (int)n, in);
    if (!strcmp(in, "answer"))
        return nb_buf_adds(out, "a\tb\n");
    if (!strcmp(in, "partial")) {
        nb_fail(err, NB_E_DAMAGED, "2 lost");
        return nb_buf_adds(out, "page 1\n") < 0 ? -1 : 1;
    }
    if (!strcmp(in, "refuse"))
        return nb_fail(err, NB_E_NOTEXT, "no text layer");
    if (!strcmp(in, "nomem"))
        return nb_fail(err, NB_E_NOMEM, "out of memory");
    if (!strcmp(in, "big")) {
        for (int i = 0; i < 200000; i++)
            if (nb_buf_adds(out, "0123456789abcdefghijklmnopqrstuvwxyz\n") < 0)
                return -1;
        return 0;
    }
    if (!strcmp(in, "spin")) { /* 1.2 s of CPU, then an answer */
        struct rusage u;

        do
            getrusage(RUSAGE_SELF, &u);
        while (u.ru_utime.tv_sec + u.ru_stime.tv_sec +
                   (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6 <
               1.2);
        return 0;
    }
    if (!strcmp(in, "loop"))
        for (volatile unsigned long i = 0;; i++)
            ;
    if (!strcmp(in, "crash"))
        raise(SIGILL); /* which ASan leaves alone, as it does not SIGSEGV */
    if (!strcmp(in, "exit"))
        _exit(7);
    return -2;
}

/* Call g on the input s (its NUL included, for strcmp): its status; out,
 * res and err filled. */
static int
call(nb_guard *g, const char *s, nb_buf *out, result *res, nb_error *err)
{
    memset(res, 0, sizeof *res);
    memset(err, 0, sizeof *err);
    out->n = 0;
    nb_buf_adds(out, "kept\n"); /* appended to, never replaced */
    return nb_guard_call(g, s, strlen(s) + 1, out, res, err);
}

static void
test_answers(void)
{
    nb_guard *g = nb_guard_new(convert, sizeof(result), "test reader", 1);
    nb_buf out = {0};
    result r;
    nb_error err;

    CHECK(g != NULL);
    CHECK_INT(call(g, "answer", &out, &r, &err), 0);
    CHECK(out.n == 9 && !memcmp(out.p, "kept\na\tb\n", 9));
    CHECK_INT(r.calls, 1);
    CHECK_STR(r.title, "answer");
    CHECK_INT(err.code, 0);

    CHECK_INT(call(g, "partial", &out, &r, &err), 1);
    CHECK(out.n == 12 && !memcmp(out.p, "kept\npage 1\n", 12));
    CHECK_INT(err.code, NB_E_DAMAGED);
    CHECK_STR(err.text, "2 lost");
    CHECK_INT(r.calls, 2); /* the same worker */

    CHECK_INT(call(g, "refuse", &out, &r, &err), -1);
    CHECK_INT(err.code, NB_E_NOTEXT);
    CHECK_STR(err.text, "no text layer");
    CHECK_STR(r.title, "refuse"); /* the result, as far as it got */

    /* the worker's memory, not this process's: a new worker after it */
    CHECK_INT(call(g, "nomem", &out, &r, &err), -1);
    CHECK_INT(err.code, NB_E_DAMAGED);
    CHECK_STR(err.text, "the test reader ran out of memory on this file");
    CHECK_INT(out.n, 5);

    /* 7.4 MB: more than a socket holds, read while the worker writes */
    CHECK_INT(call(g, "big", &out, &r, &err), 0);
    CHECK_INT(out.n, 5 + 200000 * 37);
    CHECK(out.n > 37 && !memcmp(out.p + out.n - 37, "0123456789abcdefghijklmnopqrstuvwxyz\n", 37));
    CHECK_INT(r.calls, 1);
    nb_guard_free(g);
    nb_buf_fini(&out);
}

static void
test_failures(void)
{
    nb_guard *g = nb_guard_new(convert, sizeof(result), "test reader", 1);
    nb_buf out = {0};
    result r;
    nb_error err;

    CHECK_INT(call(g, "answer", &out, &r, &err), 0);
    CHECK_INT(call(g, "loop", &out, &r, &err), -1);
    CHECK_INT(err.code, NB_E_DAMAGED);
    CHECK_STR(err.text, "the test reader was stopped after 1 s of CPU time (a hostile or broken "
                        "file; extract --pdf-seconds sets the limit)");
    CHECK_INT(out.n, 5); /* nothing added */
    CHECK_INT(r.calls, 0);
    /* a new worker, whose limit counts from its own call */
    CHECK_INT(call(g, "answer", &out, &r, &err), 0);
    CHECK_INT(r.calls, 1);
    CHECK_INT(call(g, "answer", &out, &r, &err), 0);
    CHECK_INT(r.calls, 2);

    CHECK_INT(call(g, "crash", &out, &r, &err), -1);
    CHECK_INT(err.code, NB_E_DAMAGED);
    CHECK_STR(err.text, "the test reader crashed on this file (Illegal instruction)");
    CHECK_INT(r.calls, 0);

    CHECK_INT(call(g, "exit", &out, &r, &err), -1);
    CHECK_INT(err.code, NB_E_DAMAGED);
    CHECK_STR(err.text, "the test reader crashed on this file (exit status 7)");
    CHECK_INT(out.n, 5);
    CHECK_INT(call(g, "answer", &out, &r, &err), 0);
    CHECK_INT(r.calls, 1);
    nb_guard_free(g);
    nb_guard_free(NULL);
    nb_buf_fini(&out);
}

/* A worker killed while idle (the OOM killer, say): the next file is not
 * blamed, a new worker reads it. */
static void
test_killed(void)
{
    nb_guard *g = nb_guard_new(convert, sizeof(result), "test reader", 1);
    nb_buf out = {0};
    result r;
    nb_error err;
    siginfo_t info;
    pid_t pid;

    CHECK_INT(nb_guard_pid(g), 0); /* none before the first call */
    CHECK_INT(call(g, "answer", &out, &r, &err), 0);
    CHECK_INT(call(g, "answer", &out, &r, &err), 0);
    CHECK_INT(r.calls, 2);
    pid = (pid_t)nb_guard_pid(g);
    CHECK(pid > 0);
    CHECK_INT(kill(pid, SIGKILL), 0);
    /* dead, not reaped: the guard reaps it */
    CHECK_INT(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT), 0);
    CHECK_INT(call(g, "answer", &out, &r, &err), 0);
    CHECK_INT(r.calls, 1);
    CHECK(nb_guard_pid(g) != pid);
    nb_guard_free(g);
    nb_buf_fini(&out);
}

/* Under a hard CPU limit (ulimit -t) lower than the guard's, in a process
 * that ignores and blocks SIGXCPU: the limit still ends a loop, at SIGXCPU,
 * and says which limit it was. */
static void
test_hard_limit(void)
{
    pid_t pid = fork();
    int st;

    CHECK(pid >= 0);
    if (pid == 0) {
        struct rlimit l = {3, 3};
        nb_guard *g = nb_guard_new(convert, sizeof(result), "test reader", 60);
        nb_buf out = {0};
        result r;
        nb_error err;

        sigset_t set;

        /* started with SIGXCPU ignored and blocked: the worker resets it */
        sigemptyset(&set);
        sigaddset(&set, SIGXCPU);
        sigprocmask(SIG_BLOCK, &set, NULL);
        signal(SIGXCPU, SIG_IGN);
        check_count = check_failures = 0;
        CHECK_INT(setrlimit(RLIMIT_CPU, &l), 0);
        CHECK_INT(call(g, "loop", &out, &r, &err), -1);
        CHECK_STR(err.text, "the test reader was stopped at the hard CPU limit of ulimit -t, "
                            "below extract --pdf-seconds");
        /* a worker that used 1.2 s of the 3 leaves before the next file,
         * which a fresh one reads */
        CHECK_INT(call(g, "spin", &out, &r, &err), 0);
        CHECK_INT(r.calls, 1);
        CHECK_INT(call(g, "answer", &out, &r, &err), 0);
        CHECK_INT(r.calls, 1);
        CHECK_STR(r.title, "answer");
        nb_guard_free(g);
        nb_buf_fini(&out);
        _exit(check_failures ? 1 : 0);
    }
    CHECK_INT(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int
main(void)
{
    test_answers();
    test_failures();
    test_killed();
    test_hard_limit();
    return check_done("test_extract_guard");
}
