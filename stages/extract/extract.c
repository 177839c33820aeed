/*
 * extract - archives, files, directories or stdin to a document stream.
 */
#include <archive.h>
#include <errno.h>
#include <getopt.h>
#ifdef NB_HAVE_ISAL
#include <isa-l.h>
#endif
#include <libxml/xmlversion.h>
#include <mupdf/fitz/version.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cli.h"
#include "nb.h"
#include "source.h"

static void
usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTION]... [FILE]...\n"
            "Write one document per report found in FILEs (archives of any format\n"
            "libarchive reads, compressed or plain files, directories) to standard\n"
            "output as a document stream.  With no FILE, or when FILE is -, read\n"
            "standard input.  Text, HTML, PDF and Word (.docx) files become text,\n"
            "table rows as TAB-separated cells.\n"
            "\n"
            "  -m, --max-member-bytes N  largest member read (default 64 MiB); a larger\n"
            "                            one becomes an error document\n"
            "  -d, --max-depth N         levels of archives inside archives read (default 1)\n"
            "      --pdf-seconds N       CPU seconds a PDF may take, read in a process of\n"
            "                            its own (default 60); past them, or if the reader\n"
            "                            crashes, an error document; 0: read in this process\n"
            "  -q, --quiet               no diagnostics on stderr\n"
            "  -v, --verbose             a summary line on stderr at the end\n"
            "  -h, --help                this help\n"
            "      --version             version and library versions\n"
            "\n"
            "Exit status: 0 all documents read; 1 error documents written; 2 trouble.\n",
            nb_getprogname());
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"max-member-bytes", required_argument, NULL, 'm'},
        {"max-depth", required_argument, NULL, 'd'},
        {"pdf-seconds", required_argument, NULL, 'p'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    nb_extract x = {.out = stdout, .max_member = 64u << 20, .max_depth = 1, .pdf_seconds = 60};
    int c, rc = 0, verbose = 0;
    long depth, seconds;

    nb_setprogname(argv[0]);
    nb_cli_stream_out();
    opterr = 0; /* getopt would name argv[0] in full */
    while ((c = getopt_long(argc, argv, ":m:d:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'm':
            if (nb_cli_size(optarg, &x.max_member) < 0)
                return nb_cli_usage(stderr, "invalid size", optarg);
            break;
        case 'd':
            if (nb_cli_count(optarg, 0, 8, &depth) < 0)
                return nb_cli_usage(stderr, "invalid depth (0 to 8)", optarg);
            x.max_depth = (int)depth;
            break;
        case 'p':
            if (nb_cli_count(optarg, 0, 86400, &seconds) < 0)
                return nb_cli_usage(stderr, "invalid number of seconds (0 to 86400)", optarg);
            x.pdf_seconds = (int)seconds;
            break;
        case 'q': x.quiet = 1; break;
        case 'v': verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("extract (nianbao) %s; %s; zlib %s; libxml2 %s; MuPDF %s", NB_VERSION,
                   archive_version_details(), zlibVersion(), LIBXML_DOTTED_VERSION, FZ_VERSION);
#ifdef NB_HAVE_ISAL
            printf("; ISA-L %d.%d.%d", ISAL_MAJOR_VERSION, ISAL_MINOR_VERSION, ISAL_PATCH_VERSION);
#endif
            putchar('\n');
            return 0;
        default: return nb_cli_getopt_error(stderr, c, argc, argv);
        }
    }
    /* libarchive converts member names stored with a declared charset
     * (zip's UTF-8 flag, pax, 7-Zip, Joliet) to the locale's charset and
     * fails in the C locale's ASCII, leaving no name at all.  A fixed UTF-8
     * LC_CTYPE, not the user's locale, keeps output the same everywhere;
     * LC_NUMERIC stays "C". */
    if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "C.utf8"))
        setlocale(LC_CTYPE, "en_US.UTF-8");
    if (optind == argc)
        rc = nb_extract_operand(&x, "-");
    for (int i = optind; i < argc && rc == 0; i++)
        rc = nb_extract_operand(&x, argv[i]);
    nb_extract_fini(&x);
    if (nb_cli_close(stdout, NULL, 0, stderr))
        return 2;
    if (rc < 0) {
        fprintf(stderr, "%s: out of memory\n", nb_getprogname());
        return 2;
    }
    if (verbose)
        fprintf(stderr, "%s: %ld documents, %ld errors\n", nb_getprogname(), x.docs, x.errors);
    return x.status;
}
