/* datadir.h - where the stages find the data files of data/. */
#ifndef NB_DATADIR_H
#define NB_DATADIR_H

/*
 * The data directory: $NB_DATA_DIR when set (taken as given); else
 * share/nianbao beside the installed executable (PREFIX/libexec/nianbao/
 * STAGE → PREFIX/share/nianbao); else the source tree's data/ (a build
 * tree); else the configured install directory.  The first of the last
 * three that holds the file probe ("divisions.tsv.gz") wins.  Returns a
 * static string, valid until the next call.
 */
const char *nb_datadir(const char *probe);

#endif
