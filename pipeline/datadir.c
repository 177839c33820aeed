/* datadir.c - where the stages find the data files (see datadir.h). */
#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NB_DATADIR_SOURCE
#define NB_DATADIR_SOURCE "data"
#endif
#ifndef NB_DATADIR_INSTALL
#define NB_DATADIR_INSTALL "/usr/local/share/nianbao"
#endif

static int
has_file(const char *dir, const char *probe)
{
    char path[PATH_MAX];
    struct stat st;

    return snprintf(path, sizeof path, "%s/%s", dir, probe) < (int)sizeof path &&
           stat(path, &st) == 0;
}

const char *
nb_datadir(const char *probe)
{
    static char exe[PATH_MAX];
    const char *env = getenv("NB_DATA_DIR");
    ssize_t n;

    if (env && *env)
        return env;
    n = readlink("/proc/self/exe", exe, sizeof exe - 32);
    if (n > 0) {
        char *slash;

        exe[n] = '\0';
        for (int up = 0; up < 3 && (slash = strrchr(exe, '/')); up++)
            *slash = '\0';
        strcat(exe, "/share/nianbao");
        if (has_file(exe, probe))
            return exe;
    }
    if (has_file(NB_DATADIR_SOURCE, probe))
        return NB_DATADIR_SOURCE;
    return NB_DATADIR_INSTALL;
}
