/*
 * guard.h - conversions in a worker process with a CPU limit per call, so
 * that a library looping or crashing on a hostile file (MuPDF on a PDF)
 * costs one error document, not the night.
 */
#ifndef NB_GUARD_H
#define NB_GUARD_H

#include <stddef.h>

#include "nb.h"
#include "text.h"

/* A conversion of in[0..n): appends its text to out, fills res (plain
 * data of the size given to nb_guard_new) and err, returns its status
 * (any int). */
typedef int (*nb_guard_fn)(const char *in, size_t n, nb_buf *out, void *res, nb_error *err);

typedef struct nb_guard nb_guard;

/* A guard for fn, whose worker starts at the first call; what names it in
 * messages ("PDF reader (MuPDF)").  NULL when out of memory. */
nb_guard *nb_guard_new(nb_guard_fn fn, size_t res_size, const char *what, int seconds);

/*
 * fn(in, n, out, res, err) run in the worker, limited to the guard's
 * seconds of CPU time.  Returns fn's status; or -1 with NB_E_DAMAGED in
 * err when the worker was stopped at the limit, crashed or ran out of
 * memory (fn's NB_E_NOMEM; the next call starts another worker),
 * NB_E_NOMEM when this process is out of memory, NB_E_IO when no worker
 * could be started.  res is left as it was unless the worker answered.
 */
int nb_guard_call(nb_guard *g, const char *in, size_t n, nb_buf *out, void *res, nb_error *err);

/* The worker's process id, 0 when there is none now. */
long nb_guard_pid(const nb_guard *g);

/* End the worker and free g (NULL is fine). */
void nb_guard_free(nb_guard *g);

#endif
