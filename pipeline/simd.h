/*
 * simd.h - which code path the byte scans take (simd.c): the UTF-8 check
 * and the control-character cleaning (text.c), the JSON tokenizer's
 * strings (json_tok.c), tabulate's marker scan.  One place asks the CPU
 * what it has and holds the knob the tests turn to compare the paths.
 */
#ifndef NB_SIMD_H
#define NB_SIMD_H

/* The levels, narrowest first: the portable path (64-bit words and the
 * compilers' vector extension, as on a CPU that is not x86-64), SSE2
 * (every x86-64), AVX2 (most x86-64 since 2013).  Every level gives the
 * same results. */
enum { NB_SIMD_PORTABLE, NB_SIMD_SSE2, NB_SIMD_AVX2 };

/* The widest level a scan may take: NB_SIMD_AVX2 (the default: whatever
 * the CPU has).  Tests lower it to run each path; the library never
 * writes it. */
extern int nb_simd_ceiling;

/* The level the scans take now: the lower of nb_simd_ceiling and what the
 * CPU has (asked once), NB_SIMD_PORTABLE on a build not for x86-64.  A
 * scan asks once per call, not per byte. */
int nb_simd_level(void);

#endif
