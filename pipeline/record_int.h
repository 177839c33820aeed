/*
 * record_int.h - inside the record reader: tokens of one JSON line
 * (json_tok.c) and the members taken from them (record_read.c).
 */
#ifndef NB_RECORD_INT_H
#define NB_RECORD_INT_H

#include <stdint.h>

#include "json_tok.h"
#include "record.h"

struct nb_record_reader {
    nb_jtok j;   /* the line's tokens */
    char *arena; /* decoded strings and kept objects */
    size_t an, acap;
    nb_rec_check *checks;
    int ccap;
    const char **warn;
    int wcap;
    unsigned char seen[NB_REC_METRICS];
    size_t idlen[NB_REC_METRICS];
};

#endif
