/*
 * text_private.h - what text.c shares with its unit tests: the choice of
 * its fast paths.
 */
#ifndef NB_TEXT_PRIVATE_H
#define NB_TEXT_PRIVATE_H

/* The widest code path nb_utf8_check and nb_clean_controls may take:
 * NB_TEXT_PORTABLE (the vector extension and 64-bit words, as on a CPU
 * that is not x86-64), NB_TEXT_SSE2, NB_TEXT_AVX2 (when the CPU has it;
 * the default).  Every level gives the same results: tests set it to
 * compare them. */
enum { NB_TEXT_PORTABLE, NB_TEXT_SSE2, NB_TEXT_AVX2 };
extern int nb_text_level;

#endif
