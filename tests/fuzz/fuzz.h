/*
 * fuzz.h - what every libFuzzer target of tests/fuzz/ shares: an
 * invariant that aborts (so libFuzzer saves the input) with a message.
 */
#ifndef NB_FUZZ_H
#define NB_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#define INVARIANT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Outputs may grow by at most this factor over their input (plus a fixed
 * allowance for headers): every amplifier is bounded. */
#define FUZZ_GROWTH 64

#endif
